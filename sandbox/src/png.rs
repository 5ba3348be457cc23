//! A tiny PNG writer (stored deflate blocks, no compression crate) and a digit font, so the
//! captcha scenario shows a real, valid image of its answer.

/// A 3×5 pixel font for the digits 0-9, one row per `u8`, three low bits per row.
const DIGITS: [[u8; 5]; 10] = [
    [0b111, 0b101, 0b101, 0b101, 0b111],
    [0b010, 0b110, 0b010, 0b010, 0b111],
    [0b111, 0b001, 0b111, 0b100, 0b111],
    [0b111, 0b001, 0b111, 0b001, 0b111],
    [0b101, 0b101, 0b111, 0b001, 0b001],
    [0b111, 0b100, 0b111, 0b001, 0b111],
    [0b111, 0b100, 0b111, 0b101, 0b111],
    [0b111, 0b001, 0b010, 0b010, 0b010],
    [0b111, 0b101, 0b111, 0b101, 0b111],
    [0b111, 0b101, 0b111, 0b001, 0b111],
];

/// A grey-scale PNG of `text` (digits only; other characters are left blank), scaled up.
pub fn digits_png(text: &str, scale: usize) -> Vec<u8> {
    let glyphs: Vec<Option<usize>> = text
        .chars()
        .map(|c| c.to_digit(10).map(|d| d as usize))
        .collect();
    let width = (glyphs.len() * 4 + 1) * scale;
    let height = 7 * scale;
    let mut rows = Vec::with_capacity(height * (width + 1));
    for y in 0..height {
        rows.push(0u8); // filter: none
        for x in 0..width {
            let (gx, gy) = (x / scale, y / scale);
            let ink = (1..=5).contains(&gy) && gx % 4 != 0 && {
                let glyph = glyphs.get(gx / 4).copied().flatten();
                glyph.is_some_and(|d| DIGITS[d][gy - 1] & (0b100 >> (gx % 4 - 1)) != 0)
            };
            // A little deterministic noise so it looks like a captcha, not a label.
            let noise = ((x * 7 + y * 13) % 11 == 0) as u8 * 60;
            rows.push(if ink { 20 } else { 235 - noise });
        }
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend_from_slice(&(width as u32).to_be_bytes());
    header.extend_from_slice(&(height as u32).to_be_bytes());
    header.extend_from_slice(&[8, 0, 0, 0, 0]); // 8-bit grey, no interlace
    chunk(&mut png, b"IHDR", &header);
    chunk(&mut png, b"IDAT", &zlib_stored(&rows));
    chunk(&mut png, b"IEND", &[]);
    png
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = data.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        out.push((i + 1 == blocks.len()) as u8);
        let len = block.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for byte in data {
        a = (a + u32::from(*byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in data {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    #[test]
    fn crc_of_iend_is_the_known_value() {
        assert_eq!(super::crc32(b"IEND"), 0xAE42_6082);
    }

    #[test]
    fn png_has_signature_and_is_sniffed_as_png() {
        let png = super::digits_png("4821", 3);
        assert_eq!(
            mfa_widget::core::job::captcha::sniff_image(&png),
            Some("image/png")
        );
    }
}

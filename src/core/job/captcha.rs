//! Captcha images arrive as base64 text (sometimes a `data:` URL). Only real raster images,
//! recognised by their magic numbers, may reach an `<img>`: never SVG (it can carry script),
//! HTML, or bytes of unknown kind.

/// A captcha image whose bytes were checked; `data_url` is safe to put in `<img src>`.
#[derive(Clone, Debug, PartialEq)]
pub struct CaptchaImage {
    pub mime: &'static str,
    pub data_url: String,
}

/// Why a captcha could not be shown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CaptchaError {
    NotBase64,
    Empty,
    NotAnImage,
}

/// Base64 past this many characters (about 1.5 MB of image) is refused as unreasonable.
const MAX_BASE64_LEN: usize = 2_000_000;

/// Validates the text of `CaptchaImage` and returns a clean `data:` URL for it.
pub fn check_captcha(raw: &str) -> Result<CaptchaImage, CaptchaError> {
    let mut text = raw.trim();
    if let Some(rest) = text.strip_prefix("data:") {
        // Whatever type the server claims, the bytes decide.
        let (_, payload) = rest.split_once(',').ok_or(CaptchaError::NotBase64)?;
        text = payload.trim();
    }
    if text.len() > MAX_BASE64_LEN {
        return Err(CaptchaError::NotAnImage);
    }
    let clean: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let bytes = decode_base64(&clean).ok_or(CaptchaError::NotBase64)?;
    if bytes.is_empty() {
        return Err(CaptchaError::Empty);
    }
    let mime = sniff_image(&bytes).ok_or(CaptchaError::NotAnImage)?;
    // Re-encoded from the checked bytes: browsers refuse URL-safe or unpadded text there.
    Ok(CaptchaImage {
        mime,
        data_url: format!("data:{mime};base64,{}", encode_base64(&bytes)),
    })
}

/// The image type from the first bytes: PNG, JPEG, GIF or WebP, nothing else.
pub fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() > 8 + 25 {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) && bytes.len() > 4 {
        Some("image/jpeg")
    } else if (bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a")) && bytes.len() > 13 {
        Some("image/gif")
    } else if bytes.len() > 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// Base64 in the standard or the URL-safe alphabet, padded or not (servers send all four).
/// `None` on any other byte.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    use base64::{alphabet, Engine};
    let lenient = GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true);
    let standard = GeneralPurpose::new(&alphabet::STANDARD, lenient);
    let url_safe = GeneralPurpose::new(&alphabet::URL_SAFE, lenient);
    standard
        .decode(text)
        .or_else(|_| url_safe.decode(text))
        .ok()
}

/// Standard padded base64: the only form a `data:` URL takes.
pub fn encode_base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG_1X1: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    #[test]
    fn accepts_real_images_only() {
        let gif = encode_base64(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;");
        let jpeg = encode_base64(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]);
        let webp = encode_base64(b"RIFF\x1a\0\0\0WEBPVP8 ");
        let rows: Vec<(String, Result<&str, CaptchaError>)> = vec![
            (PNG_1X1.into(), Ok("image/png")),
            (format!("data:image/png;base64,{PNG_1X1}"), Ok("image/png")),
            (format!("data:text/html;base64,{PNG_1X1}"), Ok("image/png")),
            (
                format!("  {}\n{}  ", &PNG_1X1[..20], &PNG_1X1[20..]),
                Ok("image/png"),
            ),
            (gif, Ok("image/gif")),
            (jpeg, Ok("image/jpeg")),
            (webp, Ok("image/webp")),
            (
                encode_base64(b"<svg onload=alert(1)></svg>"),
                Err(CaptchaError::NotAnImage),
            ),
            (
                encode_base64(b"<html><script>x</script>"),
                Err(CaptchaError::NotAnImage),
            ),
            (PNG_1X1[..12].into(), Err(CaptchaError::NotAnImage)),
            ("not base64 at all!".into(), Err(CaptchaError::NotBase64)),
            ("".into(), Err(CaptchaError::Empty)),
            ("data:image/png;base64".into(), Err(CaptchaError::NotBase64)),
        ];
        for (input, expected) in rows {
            assert_eq!(check_captcha(&input).map(|i| i.mime), expected, "{input:?}");
        }
    }

    #[test]
    fn url_safe_or_unpadded_base64_is_re_encoded_for_the_data_url() {
        // Bytes whose standard encoding has `+` and `/`, sent in the URL-safe alphabet (`-`,
        // `_`) and without padding: browsers refuse those in a `data:` URL.
        let mut bytes = decode_base64(PNG_1X1).unwrap();
        bytes.extend([0xfb, 0xff, 0xbf, 0xfb]);
        let standard = encode_base64(&bytes);
        assert!(standard.contains('+') && standard.contains('/') && standard.ends_with('='));
        let url_safe = standard
            .replace('+', "-")
            .replace('/', "_")
            .trim_end_matches('=')
            .to_string();
        let image = check_captcha(&url_safe).unwrap();
        assert_eq!(image.data_url, format!("data:image/png;base64,{standard}"));
    }

    #[test]
    fn base64_round_trips() {
        for len in 0..40 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 % 256) as u8).collect();
            assert_eq!(decode_base64(&encode_base64(&bytes)), Some(bytes));
        }
        assert_eq!(decode_base64("QQ"), Some(b"A".to_vec()));
        assert_eq!(decode_base64("Q"), None);
        assert_eq!(decode_base64("QQ==="), None);
    }
}

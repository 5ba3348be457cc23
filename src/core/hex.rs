//! Lower-case hexadecimal digits, for what the core writes in hex: JSON escapes, the sender
//! fingerprint, UUIDs.

/// Appends the low `digits` hex digits of `value`, most significant first.
pub fn push_hex(out: &mut String, value: u64, digits: u32) {
    for i in (0..digits).rev() {
        out.push(char::from(
            b"0123456789abcdef"[(value >> (4 * i)) as usize & 15],
        ));
    }
}

/// A version-4 UUID from 16 random bytes (the shell's): its version and variant bits set.
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut uuid = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            uuid.push('-');
        }
        push_hex(&mut uuid, u64::from(*byte), 2);
    }
    uuid
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_and_uuids() {
        let mut out = String::new();
        push_hex(&mut out, 0x1f, 4);
        push_hex(&mut out, u64::MAX, 16);
        assert_eq!(out, "001fffffffffffffffff");
        assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
        assert_eq!(uuid_v4([0xff; 16]), "ffffffff-ffff-4fff-bfff-ffffffffffff");
    }
}

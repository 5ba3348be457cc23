//! Bank text as it is shown: text scraped from bank pages keeps its HTML character references
//! (the vendor's own sample job asks for your "mother&#39;s middle name"). They are decoded for
//! display only, never parsed as markup (`&lt;b&gt;` is the text `<b>`), and never in what
//! is sent back: answers and the chosen method go back byte for byte as the job gave them.
//!
//! One pass, as a browser reads text: numeric references (`&#39;`, `&#x27;`) with HTML's rules
//! for code points that are not characters, and the named references of HTML 4 (Latin-1, the
//! typographic ones and the five of XML), which are what bank pages use. A reference must end
//! with `;` (so `AT&T` and `?a=1&b=2` stay as they are); an unknown name is left as written.

use std::borrow::Cow;

/// `text` with its character references decoded.
pub fn decode_references(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        match reference(after) {
            Some((decoded, used)) => {
                out.push(decoded);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The reference at the start of `text` (what follows a `&`): its character and how many bytes
/// it took, `;` included.
fn reference(text: &str) -> Option<(char, usize)> {
    let end = text.find(';')?;
    let body = &text[..end];
    let decoded = match body.strip_prefix('#') {
        Some(number) => {
            let (digits, radix) = match number.strip_prefix(['x', 'X']) {
                Some(hex) => (hex, 16),
                None => (number, 10),
            };
            if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
                return None;
            }
            // Any number of digits: past the last code point it is "too large", never an
            // overflow.
            let value = u32::from_str_radix(digits, radix).unwrap_or(u32::MAX);
            numeric(value)
        }
        None => named(body)?,
    };
    Some((decoded, end + 1))
}

/// HTML's numeric character reference rules: NUL, surrogates and values past U+10FFFF are
/// U+FFFD; 0x80–0x9F are read as windows-1252, as the pages that wrote them meant.
fn numeric(value: u32) -> char {
    const WINDOWS_1252: [u16; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    let value = match value {
        0x80..=0x9F => u32::from(WINDOWS_1252[(value - 0x80) as usize]),
        other => other,
    };
    match value {
        0 => char::REPLACEMENT_CHARACTER,
        other => char::from_u32(other).unwrap_or(char::REPLACEMENT_CHARACTER),
    }
}

/// HTML 4's Latin-1 names, U+00A0 to U+00FF in order.
const LATIN_1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
    "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
    "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute",
    "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
    "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute",
    "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde",
    "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc",
    "uuml", "yacute", "thorn", "yuml",
];

/// The other names: XML's five, and HTML 4's typographic ones that bank text uses.
const OTHER: [(&str, char); 42] = [
    ("quot", '"'),
    ("amp", '&'),
    ("apos", '\''),
    ("lt", '<'),
    ("gt", '>'),
    ("OElig", '\u{152}'),
    ("oelig", '\u{153}'),
    ("Scaron", '\u{160}'),
    ("scaron", '\u{161}'),
    ("Yuml", '\u{178}'),
    ("fnof", '\u{192}'),
    ("circ", '\u{2C6}'),
    ("tilde", '\u{2DC}'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("thinsp", '\u{2009}'),
    ("zwnj", '\u{200C}'),
    ("zwj", '\u{200D}'),
    ("lrm", '\u{200E}'),
    ("rlm", '\u{200F}'),
    ("ndash", '\u{2013}'),
    ("mdash", '\u{2014}'),
    ("lsquo", '\u{2018}'),
    ("rsquo", '\u{2019}'),
    ("sbquo", '\u{201A}'),
    ("ldquo", '\u{201C}'),
    ("rdquo", '\u{201D}'),
    ("bdquo", '\u{201E}'),
    ("dagger", '\u{2020}'),
    ("Dagger", '\u{2021}'),
    ("bull", '\u{2022}'),
    ("hellip", '\u{2026}'),
    ("permil", '\u{2030}'),
    ("prime", '\u{2032}'),
    ("Prime", '\u{2033}'),
    ("lsaquo", '\u{2039}'),
    ("rsaquo", '\u{203A}'),
    ("euro", '\u{20AC}'),
    ("trade", '\u{2122}'),
    ("larr", '\u{2190}'),
    ("rarr", '\u{2192}'),
    ("hyphen", '\u{2010}'),
];

/// A named reference's character (names are case-sensitive, as in HTML).
fn named(name: &str) -> Option<char> {
    if let Some(index) = LATIN_1.iter().position(|n| *n == name) {
        return char::from_u32(0xA0 + index as u32);
    }
    OTHER.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_what_bank_pages_send() {
        let rows = [
            // The vendor's own sample job.
            (
                "What is your mother&#39;s middle name",
                "What is your mother's middle name",
            ),
            ("mother&#x27;s", "mother's"),
            ("mother&#X27;s", "mother's"),
            ("mother&apos;s", "mother's"),
            ("Tom &amp; Jerry", "Tom & Jerry"),
            ("&quot;quoted&quot;", "\"quoted\""),
            ("Se&ntilde;or", "Señor"),
            (
                "&Eacute;cole pr&eacute;f&eacute;r&eacute;e",
                "École préférée",
            ),
            ("a&nbsp;b", "a\u{a0}b"),
            ("&yuml;&iexcl;", "ÿ¡"),
            ("caf&eacute; &euro;5 &ndash; &hellip;", "café €5 – …"),
            // Never markup: a tag written as references is the text of a tag.
            ("&lt;b&gt;bold&lt;/b&gt;", "<b>bold</b>"),
            ("&lt;script&gt;", "<script>"),
            // One pass, as a browser: a reference written escaped stays a reference.
            ("&amp;#39;", "&#39;"),
            ("&amp;amp;", "&amp;"),
            // Not references: left as written.
            ("AT&T", "AT&T"),
            ("?a=1&b=2", "?a=1&b=2"),
            ("&copy 2024", "&copy 2024"),
            ("&unknown;", "&unknown;"),
            ("&Amp;", "&Amp;"),
            ("&#;", "&#;"),
            ("&#x;", "&#x;"),
            ("&#12a;", "&#12a;"),
            ("&# 39;", "&# 39;"),
            ("&", "&"),
            ("&&amp;", "&&"),
            ("trailing &", "trailing &"),
            ("&;", "&;"),
            // HTML's rules for numbers that are not characters.
            ("&#0;", "\u{fffd}"),
            ("&#xD800;", "\u{fffd}"),
            ("&#x110000;", "\u{fffd}"),
            ("&#99999999999999999999;", "\u{fffd}"),
            ("&#128;", "€"),
            ("&#x92;", "\u{2019}"),
            ("&#x81;", "\u{81}"),
            ("&#128512;", "😀"),
            // Non-ASCII around references.
            ("ü&amp;ü", "ü&ü"),
            ("plain text", "plain text"),
            ("", ""),
        ];
        for (given, shown) in rows {
            assert_eq!(decode_references(given), shown, "{given:?}");
        }
    }

    #[test]
    fn text_without_references_is_not_copied() {
        assert!(matches!(decode_references("no refs"), Cow::Borrowed(_)));
    }

    #[test]
    fn every_latin_1_name_is_its_code_point() {
        assert_eq!(decode_references("&nbsp;").chars().next(), Some('\u{a0}'));
        assert_eq!(decode_references("&times;"), "×");
        assert_eq!(decode_references("&divide;"), "÷");
        assert_eq!(decode_references("&szlig;"), "ß");
        assert_eq!(decode_references("&yuml;"), "\u{ff}");
    }
}

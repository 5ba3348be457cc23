//! The list fields of a Job (`SecurityQuestion`, `TokenMethod`) are *strings holding a list*.
//!
//! Seen in the wild (DESIGN §2): a JSON array (`'["a", "b"]'`), a Python literal list
//! (`"['a', 'b']"`, with either quote style per item, so `"what's your pet?"` appears in double
//! quotes, and backslash escapes), or one plain question with no brackets at all.

use crate::core::hex::push_hex;

/// Splits a list field into its items. Never fails: text that is not a well-formed list is one
/// item (a bank may well ask "[Step 2] What is your pet?"); blank items are dropped.
pub fn parse_list(raw: &str) -> Vec<String> {
    let text = raw.trim();
    if text.is_empty() {
        return Vec::new();
    }
    if text.starts_with('[') && text.ends_with(']') {
        if let Some(items) = parse_bracketed(text) {
            return items.into_iter().filter(|i| !i.trim().is_empty()).collect();
        }
    }
    vec![text.to_string()]
}

/// Renders items as a JSON array, the form `SecurityAnswer` is sent in by default.
pub fn render_json_list(items: &[String]) -> String {
    let mut out = String::from("[");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_string(&mut out, item);
    }
    out.push(']');
    out
}

/// Appends `text` as a JSON string literal (the list goes out as text inside a JSON field, so
/// the core writes it; escaping is all a writer needs).
fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u");
                push_hex(out, u64::from(c), 4);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Renders items the way Python's `repr(list)` does, for backends that expect that form.
pub fn render_python_list(items: &[String]) -> String {
    let mut out = String::from("[");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        // Python picks double quotes only when the text has a ' and no ".
        let quote = if item.contains('\'') && !item.contains('"') {
            '"'
        } else {
            '\''
        };
        out.push(quote);
        for c in item.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if c == quote => {
                    out.push('\\');
                    out.push(c);
                }
                c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                    out.push_str(&format!("\\x{:02x}", c as u32));
                }
                c => out.push(c),
            }
        }
        out.push(quote);
    }
    out.push(']');
    out
}

/// Parses `[item, item, ...]` where each item is a quoted string (either quote style, JSON or
/// Python escapes) or a bare token (a number, `None`). `None` means "not a list after all".
fn parse_bracketed(text: &str) -> Option<Vec<String>> {
    let chars: Vec<char> = text.chars().collect();
    let mut pos = 1; // after '['
    let end = chars.len() - 1; // the closing ']'
    let mut items = Vec::new();
    skip_space(&chars, &mut pos, end);
    if pos == end {
        return Some(items);
    }
    loop {
        skip_space(&chars, &mut pos, end);
        if pos >= end {
            // A trailing comma, as Python allows: "['a', ]".
            return Some(items);
        }
        let item = match chars[pos] {
            '\'' | '"' => parse_quoted(&chars, &mut pos, end)?,
            _ => parse_bare(&chars, &mut pos, end)?,
        };
        items.push(item);
        skip_space(&chars, &mut pos, end);
        if pos == end {
            return Some(items);
        }
        if chars[pos] != ',' {
            return None;
        }
        pos += 1;
    }
}

fn skip_space(chars: &[char], pos: &mut usize, end: usize) {
    while *pos < end && chars[*pos].is_whitespace() {
        *pos += 1;
    }
}

fn parse_bare(chars: &[char], pos: &mut usize, end: usize) -> Option<String> {
    let start = *pos;
    while *pos < end && chars[*pos] != ',' {
        if matches!(chars[*pos], '[' | ']' | '{' | '}' | '\'' | '"') {
            return None;
        }
        *pos += 1;
    }
    let token: String = chars[start..*pos]
        .iter()
        .collect::<String>()
        .trim()
        .to_string();
    match token.as_str() {
        "" => None,
        "None" | "null" => Some(String::new()),
        _ => Some(token),
    }
}

fn parse_quoted(chars: &[char], pos: &mut usize, end: usize) -> Option<String> {
    let quote = chars[*pos];
    *pos += 1;
    let mut out = String::new();
    while *pos < end {
        let c = chars[*pos];
        *pos += 1;
        if c == quote {
            return Some(out);
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let escaped = *chars.get(*pos).filter(|_| *pos < end)?;
        *pos += 1;
        match escaped {
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            '0' => out.push('\0'),
            'x' => out.push(hex_char(chars, pos, end, 2)?),
            'u' => out.push(unicode_escape(chars, pos, end)?),
            'U' => out.push(hex_char(chars, pos, end, 8)?),
            // \\, \', \" and, as Python keeps them, unknown escapes like \d stay readable.
            '\\' | '\'' | '"' | '/' => out.push(escaped),
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    None
}

fn hex_value(chars: &[char], pos: &mut usize, end: usize, digits: usize) -> Option<u32> {
    if *pos + digits > end {
        return None;
    }
    let text: String = chars[*pos..*pos + digits].iter().collect();
    let value = u32::from_str_radix(&text, 16).ok()?;
    *pos += digits;
    Some(value)
}

fn hex_char(chars: &[char], pos: &mut usize, end: usize, digits: usize) -> Option<char> {
    char::from_u32(hex_value(chars, pos, end, digits)?)
}

/// `\uXXXX`, joining a JSON surrogate pair (`\ud83d\ude00`) into one character.
fn unicode_escape(chars: &[char], pos: &mut usize, end: usize) -> Option<char> {
    let first = hex_value(chars, pos, end, 4)?;
    if (0xD800..0xDC00).contains(&first)
        && *pos + 1 < end
        && chars[*pos] == '\\'
        && chars[*pos + 1] == 'u'
    {
        let mut look = *pos + 2;
        if let Some(second) = hex_value(chars, &mut look, end, 4) {
            if (0xDC00..0xE000).contains(&second) {
                *pos = look;
                return char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00));
            }
        }
    }
    Some(char::from_u32(first).unwrap_or('\u{FFFD}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_every_form_seen_in_the_wild() {
        let rows: &[(&str, &[&str])] = &[
            // The seeds' own examples, verbatim.
            (
                "['what is your favorite color?', 'what is your favorite fruit?']",
                &[
                    "what is your favorite color?",
                    "what is your favorite fruit?",
                ],
            ),
            (
                r#"["Email me at s*****@gmail.com", "Send verification code by voice call to ***-***-3800"]"#,
                &[
                    "Email me at s*****@gmail.com",
                    "Send verification code by voice call to ***-***-3800",
                ],
            ),
            // Python puts an item with an apostrophe in double quotes.
            (
                r#"["what's your first pet?", 'what is your mother\'s maiden name?']"#,
                &[
                    "what's your first pet?",
                    "what is your mother's maiden name?",
                ],
            ),
            (
                "What city were you born in?",
                &["What city were you born in?"],
            ),
            ("  padded plain question  ", &["padded plain question"]),
            (
                "[Step 2] What is your pet?",
                &["[Step 2] What is your pet?"],
            ),
            ("[unclosed 'x', ]", &["[unclosed 'x', ]"]),
            ("[]", &[]),
            ("", &[]),
            ("   ", &[]),
            ("['a', ]", &["a"]),
            ("['', '  ', 'b']", &["b"]),
            (
                r#"["tab\there", "line\nbreak", "\u00e9t\u00e9", "\ud83d\ude00"]"#,
                &["tab\there", "line\nbreak", "été", "😀"],
            ),
            (r"['back\\slash', 'hex \x41']", &["back\\slash", "hex A"]),
            ("[1234, 5678]", &["1234", "5678"]),
            ("['a' 'b']", &["['a' 'b']"]),
            ("['<b>bold</b>']", &["<b>bold</b>"]),
        ];
        for (raw, expected) in rows {
            assert_eq!(parse_list(raw), list(expected), "input: {raw}");
        }
    }

    #[test]
    fn renders_python_like_python() {
        let rows: &[(&[&str], &str)] = &[
            (&["a", "b"], "['a', 'b']"),
            (&["what's up"], r#"["what's up"]"#),
            (&["both ' and \""], r#"['both \' and "']"#),
            (&["new\nline"], r"['new\nline']"),
            (&[], "[]"),
        ];
        for (items, expected) in rows {
            assert_eq!(render_python_list(&list(items)), *expected);
        }
    }

    #[test]
    fn renders_json_arrays() {
        assert_eq!(
            render_json_list(&list(&["blue", "apple"])),
            r#"["blue","apple"]"#
        );
        assert_eq!(
            render_json_list(&list(&["a\"b\\c\u{1}"])),
            r#"["a\"b\\c\u0001"]"#
        );
    }
}

//! One source of truth for the embedding surface: the config's table of keys
//! (`config::keys::KEYS`, from which the decoder reads) is what the published declarations
//! type, README's configuration table lists (with each key's attribute and words), the
//! element's attribute table maps, and the element's own rules (what restarts a session, what
//! is a callback) follow; what `element.js` calls on the wasm is what the wasm exports; `MfaWidget`'s members
//! are the ones the declarations promise. Native and fast: a key added in one place and not
//! the others fails here, not in a host's integration.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};

fn read(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

use mfa_widget::core::config::keys::{Key, Shape, KEYS};

/// The config's leaf keys, dotted (`kount.person.emailAddress`), as the table has them.
fn decoder_keys() -> BTreeSet<String> {
    leaves().map(Key::dotted).collect()
}

/// The table's rows but the objects (whose keys are rows of their own).
fn leaves() -> impl Iterator<Item = &'static Key> {
    KEYS.iter()
        .filter(|key| !matches!(key.shape, Shape::Object))
}

/// The text between `start` (its first occurrence) and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not found"))
        + start.len();
    let to = text[from..]
        .find(end)
        .unwrap_or_else(|| panic!("{end:?} not found after {start:?}"))
        + from;
    &text[from..to]
}

/// Every `` `name` `` in `text`.
fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The names that follow `marker` up to a `(` (`wasm_bindgen.mount(` → `mount`).
fn names_called_after(text: &str, marker: &str) -> BTreeSet<String> {
    text.split(marker)
        .skip(1)
        .filter_map(|rest| rest.split('(').next())
        .map(str::to_string)
        .collect()
}

/// The member names of a TypeScript object type body: `name?:`, `name:` or `name(` at the
/// start of a member, comments skipped.
fn members(body: &str) -> Vec<String> {
    // An arrow's `>` is no closing bracket.
    let body = body.replace("=>", "~~");
    let mut names = Vec::new();
    let mut depth = 0;
    let mut in_comment = false;
    let mut token = String::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if in_comment {
            if c == '*' && chars.peek() == Some(&'/') {
                chars.next();
                in_comment = false;
            }
            continue;
        }
        match c {
            '/' if chars.peek() == Some(&'*') => in_comment = true,
            '{' | '(' | '<' | '[' => {
                if depth == 0 && matches!(c, '(' | '<') && !token.is_empty() {
                    names.push(std::mem::take(&mut token));
                }
                depth += 1;
                token.clear();
            }
            '}' | ')' | '>' | ']' => {
                depth -= 1;
                token.clear();
            }
            '?' | ':' if depth == 0 => {
                if !token.is_empty() {
                    names.push(std::mem::take(&mut token));
                }
                // Skip the member's type, up to its end (`;` or a line break at depth 0).
                let mut type_depth = 0;
                for t in chars.by_ref() {
                    match t {
                        '{' | '(' | '<' | '[' => type_depth += 1,
                        '}' | ')' | '>' | ']' => type_depth -= 1,
                        ';' | '\n' if type_depth == 0 => break,
                        _ => {}
                    }
                }
            }
            c if c.is_alphanumeric() || c == '_' => token.push(c),
            _ => token.clear(),
        }
    }
    names
}

/// The object type of member `name` inside `body` (`name?: { … }`).
fn inline_object<'a>(body: &'a str, name: &str) -> &'a str {
    between(body, &format!("{name}?: {{"), "}")
}

fn declared_keys() -> BTreeSet<String> {
    let dts = read("src/browser/mfa-widget.d.ts");
    let config = between(&dts, "export interface MfaWidgetConfig<", "\n}\n");
    let config = &config[config.find('{').unwrap() + 1..];
    let kount = between(&dts, "export interface KountIds {", "\n}\n");
    let mut keys = BTreeSet::new();
    for member in members(config) {
        match member.as_str() {
            "kount" => {
                for id in members(kount) {
                    if id == "person" {
                        for field in members(inline_object(kount, "person")) {
                            keys.insert(format!("kount.person.{field}"));
                        }
                    } else {
                        keys.insert(format!("kount.{id}"));
                    }
                }
            }
            "paths" | "poll" => {
                for field in members(inline_object(config, &member)) {
                    keys.insert(format!("{member}.{field}"));
                }
            }
            _ => {
                keys.insert(member);
            }
        }
    }
    keys
}

/// README's configuration table: key → (attribute, `None` for "–"; the row's words).
fn readme_table() -> BTreeMap<String, (Option<String>, String)> {
    let readme = read("README.md");
    let section = between(&readme, "### Configuration\n", "\n### ");
    let mut table = BTreeMap::new();
    for row in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = row.split('|').collect();
        let keys = backticked(cells[1]);
        let attributes = backticked(cells[2]);
        for (i, key) in keys.iter().enumerate() {
            let attribute = if attributes.is_empty() {
                None
            } else {
                assert_eq!(
                    attributes.len(),
                    keys.len(),
                    "README: one attribute per key in {row}"
                );
                Some(attributes[i].clone())
            };
            let words = cells[3].trim().to_string();
            assert!(
                table.insert(key.clone(), (attribute, words)).is_none(),
                "README lists {key} twice"
            );
        }
    }
    table
}

/// `element.js`'s attribute tables: attribute → config key.
fn element_attributes() -> BTreeMap<String, String> {
    let element = read("src/browser/js/element.js");
    let mut attributes = BTreeMap::new();
    for (table, prefix) in [("const TOP_LEVEL = {", ""), ("const KOUNT = {", "kount.")] {
        for line in between(&element, table, "};").lines() {
            let quoted: Vec<&str> = line.split('\'').collect();
            let (attribute, key) = match quoted.as_slice() {
                [_, attribute, _, key, _] => (*attribute, *key),
                [bare, key, _] => (bare.trim().trim_end_matches(':'), *key),
                _ => continue,
            };
            attributes.insert(attribute.to_string(), format!("{prefix}{key}"));
        }
    }
    // A boolean attribute, read by presence.
    assert!(element.contains("this.hasAttribute('cancelable')"));
    attributes.insert("cancelable".into(), "cancelable".into());
    attributes
}

#[test]
fn the_declarations_type_exactly_the_keys_the_decoder_knows() {
    let mut expected = decoder_keys();
    expected.insert("wasmUrl".into()); // the script's loader reads it, not the wasm
    assert_eq!(declared_keys(), expected);
}

#[test]
fn the_declarations_spell_each_choice_as_the_table_does() {
    let dts = read("src/browser/mfa-widget.d.ts");
    let config = between(&dts, "export interface MfaWidgetConfig<", "\n}\n");
    for key in leaves() {
        let Shape::Choice(names) = key.shape else {
            continue;
        };
        let declared = between(config, &format!("  {}?: ", key.name), ";");
        // `eventShape?: S`: the type parameter, an `EventShape`.
        let declared = if declared == "S" {
            between(&dts, "export type EventShape = ", ";")
        } else {
            declared
        };
        let mut spelled: Vec<&str> = declared
            .split('|')
            .map(|n| n.trim().trim_matches('"'))
            .collect();
        let mut names = names();
        spelled.sort();
        names.sort();
        assert_eq!(spelled, names, "{}", key.name);
    }
}

#[test]
fn readme_lists_exactly_the_tables_keys_with_their_attributes_and_words() {
    let table = readme_table();
    let mut expected = decoder_keys();
    expected.insert("wasmUrl".into());
    let listed: BTreeSet<String> = table.keys().cloned().collect();
    assert_eq!(listed, expected);
    for key in leaves() {
        let (attribute, words) = &table[&key.dotted()];
        assert_eq!(
            attribute.as_deref(),
            key.attribute,
            "README: {}'s attribute",
            key.dotted()
        );
        assert!(
            words.contains(key.doc),
            "README's row for {} does not say {:?}",
            key.dotted(),
            key.doc
        );
    }
}

#[test]
fn the_elements_attributes_are_the_tables() {
    let from_table: BTreeMap<String, String> = leaves()
        .filter_map(|key| Some((key.attribute?.to_string(), key.dotted())))
        .collect();
    assert_eq!(element_attributes(), from_table);
}

#[test]
fn the_element_restarts_on_what_the_table_says_starts_a_session() {
    // `SESSIONLESS`: the keys whose change the element applies without a new session (the
    // callbacks are functions, which a session's fingerprint leaves out).
    let element = read("src/browser/js/host_config.js") + &read("src/browser/js/element.js");
    let sessionless: BTreeSet<String> = between(&element, "const SESSIONLESS = [", "];")
        .split(',')
        .map(|name| name.trim().trim_matches('\'').to_string())
        .filter(|name| !name.is_empty())
        .collect();
    let from_table: BTreeSet<String> = KEYS
        .iter()
        .filter(|key| key.path.is_empty() && !key.session)
        .filter(|key| !matches!(key.shape, Shape::Callback))
        .map(|key| key.name.to_string())
        .collect();
    assert_eq!(sessionless, from_table);
    // The element takes a function at a key starting with `on` as a callback: so are they all.
    for key in KEYS {
        assert_eq!(
            matches!(key.shape, Shape::Callback),
            key.path.is_empty() && key.name.starts_with("on"),
            "{}",
            key.dotted()
        );
    }
    assert!(element.contains("key.startsWith('on') && typeof value === 'function'"));
}

#[test]
fn what_the_script_calls_on_the_wasm_is_exported_and_its_api_is_declared() {
    let element = read("src/browser/js/element.js");
    let embed = read("src/browser/embed.rs");
    let mut exported = names_called_after(&embed, "#[wasm_bindgen]\npub fn ");
    exported.insert("initSync".into()); // the glue's own
                                        // What the page surface and the loader import from wasm-bindgen's glue.
    let mut called = BTreeSet::new();
    for script in [element.clone(), read("src/browser/js/loader.js")] {
        for import in script.split("import {").skip(1) {
            let (names, from) = import.split_once('}').unwrap();
            if from.trim_start().starts_with("from 'mfa-widget-glue'") {
                called.extend(names.split(',').map(|n| n.trim().to_string()));
            }
        }
    }
    assert!(
        called.contains("mount") && called.contains("initSync"),
        "{called:?}"
    );
    assert!(
        called.is_subset(&exported),
        "element.js calls {called:?}; the wasm exports {exported:?}"
    );
    // The handle's methods: WidgetHandle's, and `free` (wasm-bindgen's).
    let handle = between(&embed, "impl WidgetHandle {", "\n}\n");
    let mut methods = names_called_after(handle, "pub fn ");
    methods.insert("free".into());
    let used = names_called_after(&element, "inner.");
    assert!(used.is_subset(&methods), "{used:?} of {methods:?}");
    // `MfaWidget`'s members are the declared API's.
    let api = between(&element, "const MfaWidget = Object.freeze({", "\n});");
    let offered: BTreeSet<String> = members(api).into_iter().collect();
    let dts = read("src/browser/mfa-widget.d.ts");
    let declared: BTreeSet<String> =
        members(between(&dts, "export interface MfaWidgetApi {", "\n}\n"))
            .into_iter()
            .filter(|m| m != "readonly")
            .collect();
    assert_eq!(offered, declared);
}

/// The error codes a host can receive are one closed set: the core's (`ErrorCode::ALL`, with
/// which are fatal), the declarations' `ErrorCode` union, README's table of codes, and the
/// codes the script gives its own errors (`coded(…, 'code')` and the trap net's).
#[test]
fn error_codes_are_one_closed_set_everywhere() {
    use mfa_widget::core::errors::ErrorCode;
    let core: BTreeMap<String, bool> = ErrorCode::ALL
        .iter()
        .map(|c| (c.as_str().to_string(), c.is_fatal()))
        .collect();
    let declared: BTreeSet<String> = between(
        &read("src/browser/mfa-widget.d.ts"),
        "export type ErrorCode =",
        ";",
    )
    .split('|')
    .map(|c| c.trim().trim_matches('"').to_string())
    .filter(|c| !c.is_empty())
    .collect();
    assert_eq!(declared, core.keys().cloned().collect(), "mfa-widget.d.ts");
    let readme = read("README.md");
    let table: BTreeMap<String, bool> =
        between(&readme, "<!-- error-codes -->", "<!-- error-codes end -->")
            .lines()
            .filter_map(|row| {
                let cells: Vec<&str> = row.split('|').map(str::trim).collect();
                let code = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
                Some((code.to_string(), *cells.get(2)? == "yes"))
            })
            .collect();
    assert_eq!(table, core, "README's table of codes (code, fatal)");
    let script = read("src/browser/js/element.js") + &read("src/browser/js/loader.js");
    let mut used = BTreeSet::new();
    for marker in ["'wasm_load_failed'", "'config_invalid'", "'internal'"] {
        assert!(script.contains(marker), "element.js gives {marker}");
    }
    for piece in script.split('\'').skip(1).step_by(2) {
        if core.contains_key(piece) {
            used.insert(piece.to_string());
        }
    }
    for code in &used {
        assert!(
            core[code],
            "the script's own errors stop a widget: {code} must be fatal"
        );
    }
}

/// The declarations type exactly the locales the widget ships and the string keys it knows.
#[test]
fn the_declarations_type_the_locales_and_string_keys() {
    use mfa_widget::core::strings::{Locale, Text};
    let declarations = read("src/browser/mfa-widget.d.ts");
    let union = |name: &str| -> BTreeSet<String> {
        between(&declarations, &format!("export type {name} ="), ";")
            .split('|')
            .map(|c| c.trim().trim_matches('"').to_string())
            .filter(|c| !c.is_empty())
            .collect()
    };
    let locales: BTreeSet<String> = Locale::ALL.iter().map(|l| l.tag().to_string()).collect();
    assert_eq!(union("Locale"), locales);
    let keys: BTreeSet<String> = Text::ALL.iter().map(|t| t.key().to_string()).collect();
    assert_eq!(union("StringKey"), keys);
}

/// The trap fuse (`js/trap_fuse.js`, imported in Node): a stack overflow leaving the wasm (a
/// `RangeError` in V8 and JavaScriptCore) is ours like a trap, and blows the fuse; any other
/// error passes through and leaves it whole.
#[test]
fn the_fuse_takes_a_stack_overflow_for_ours() {
    let fuse = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/browser/js/trap_fuse.js");
    let script = format!(
        "import {{ guardExports, ourTraps }} from {:?};
         const guarded = guardExports({{
           other() {{ throw new TypeError('a host bug'); }},
           overflow() {{ throw new RangeError('Maximum call stack size exceeded'); }},
           fine() {{ return 'entered'; }},
         }});
         const seen = [];
         for (const name of ['other', 'fine', 'overflow', 'fine']) {{
           try {{ seen.push([name, guarded[name]() ?? null]); }}
           catch (error) {{ seen.push([name, ourTraps.has(error)]); }}
         }}
         console.log(JSON.stringify(seen));",
        format!("file://{}", fuse.display())
    );
    let out = std::process::Command::new("node")
        .args(["--input-type=module", "-e", &script])
        .output()
        .expect("node runs (README: Node.js is a prerequisite)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        r#"[["other",false],["fine","entered"],["overflow",true],["fine",null]]"#
    );
}

//! `cargo xtask size`: where the wasm's bytes go, by owner. The release wasm is optimised again
//! exactly as `dist/` is but keeping its names (`wasm-opt -g`), so each function's size is its
//! shipped size; functions are grouped by the crate (and, for this crate, the module) that
//! defines them, as their demangled names say.

use crate::dist::size_flags;
use crate::tools::BuildTools;
use crate::{root, run};
use std::collections::BTreeMap;
use std::process::Command;

pub fn size(tools: &BuildTools) -> Result<(), String> {
    crate::dist::build(tools)?;
    let root = root();
    let named = root.join("target/size/mfa_widget_bg.named.wasm");
    std::fs::create_dir_all(root.join("target/size")).map_err(|e| e.to_string())?;
    run(Command::new(&tools.wasm_opt)
        .args(size_flags())
        .arg("-g")
        .arg(root.join("target/bindgen-web/mfa_widget_bg.wasm"))
        .arg("-o")
        .arg(&named))?;
    let bytes = std::fs::read(&named).map_err(|e| e.to_string())?;
    let report = Report::of(&bytes)?;
    report.print();
    Ok(())
}

/// Function sizes by name, and the other sections' sizes.
struct Report {
    functions: Vec<(String, usize)>,
    data: usize,
    other: usize,
    total: usize,
}

impl Report {
    fn of(bytes: &[u8]) -> Result<Report, String> {
        use wasmparser::{Name, Parser, Payload};
        let mut imported = 0u32;
        let mut bodies = Vec::new();
        let mut names = BTreeMap::new();
        let (mut data, mut code) = (0, 0);
        for payload in Parser::new(0).parse_all(bytes) {
            match payload.map_err(|e| e.to_string())? {
                Payload::ImportSection(reader) => {
                    for import in reader.into_imports() {
                        let import = import.map_err(|e| e.to_string())?;
                        if matches!(import.ty, wasmparser::TypeRef::Func(_)) {
                            imported += 1;
                        }
                    }
                }
                Payload::CodeSectionStart { size, .. } => code = size as usize,
                Payload::CodeSectionEntry(body) => bodies.push(body.range().len()),
                Payload::DataSection(reader) => data = reader.range().len(),
                Payload::CustomSection(section) if section.name() == "name" => {
                    let reader = wasmparser::NameSectionReader::new(wasmparser::BinaryReader::new(
                        section.data(),
                        section.data_offset(),
                    ));
                    for name in reader {
                        if let Ok(Name::Function(map)) = name {
                            for naming in map.into_iter().flatten() {
                                names.insert(naming.index, naming.name.to_string());
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        let functions = bodies
            .into_iter()
            .enumerate()
            .map(|(i, size)| {
                let index = imported + i as u32;
                let name = names
                    .get(&index)
                    .cloned()
                    .unwrap_or_else(|| format!("<function {index}>"));
                (demangle(&name), size)
            })
            .collect();
        Ok(Report {
            functions,
            data,
            other: bytes.len().saturating_sub(code + data),
            total: bytes.len(),
        })
    }

    fn print(&self) {
        let mut crates: BTreeMap<String, usize> = BTreeMap::new();
        let mut ours: BTreeMap<String, usize> = BTreeMap::new();
        for (name, size) in &self.functions {
            let path = defining_path(name);
            let segments: Vec<&str> = path.split("::").collect();
            *crates.entry(segments[0].to_string()).or_default() += size;
            if segments[0] == "mfa_widget" {
                let module = segments
                    .iter()
                    .skip(1)
                    .take(2)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("::");
                *ours.entry(module).or_default() += size;
            }
        }
        let code: usize = self.functions.iter().map(|(_, s)| s).sum();
        let shipped = (code + self.data) as f64;
        println!(
            "\nwasm bytes by owner (dist's optimisation, names kept; {} functions)",
            self.functions.len()
        );
        println!("  {:<40} {:>9} {:>6}", "owner", "bytes", "of code+data");
        for (owner, size) in sorted(&crates).into_iter().take(16) {
            println!(
                "  {owner:<40} {size:>9} {:>5.1}%",
                100.0 * size as f64 / shipped
            );
        }
        println!(
            "  {:<40} {:>9} {:>5.1}%",
            "(data: strings, tables, panic locations)",
            self.data,
            100.0 * self.data as f64 / shipped
        );
        println!("  {:<40} {:>9}", "(code, all owners)", code);
        println!(
            "  {:<40} {:>9}",
            "(types, imports, exports, names…)", self.other
        );
        println!(
            "  {:<40} {:>9}",
            "total (with the name section)", self.total
        );
        println!("\n  this crate by module");
        for (module, size) in sorted(&ours).into_iter().take(20) {
            println!("  mfa_widget::{module:<28} {size:>9}");
        }
        // The view by component: its own functions and the Yew code instantiated for it
        // (`CompStateInner<ui::form::ChallengeForm>::view` is the `html!` sites of that
        // component, expanded), then the largest of them one by one.
        let mut components: BTreeMap<String, usize> = BTreeMap::new();
        let mut view_functions = Vec::new();
        for (name, size) in &self.functions {
            let plain = strip_disambiguators(name);
            let Some(at) = plain.find("mfa_widget::ui::") else {
                continue;
            };
            let module: String = plain[at + "mfa_widget::ui::".len()..]
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .unwrap_or_default()
                .to_string();
            *components.entry(module).or_default() += size;
            view_functions.push((plain, *size));
        }
        println!("\n  the view (src/ui) by module, with the Yew code instantiated for it");
        for (module, size) in sorted(&components) {
            println!("  ui::{module:<36} {size:>9}");
        }
        view_functions.sort_by_key(|f| std::cmp::Reverse(f.1));
        println!("\n  the view's largest functions (an html! site is inside its function)");
        for (name, size) in view_functions.into_iter().take(12) {
            let short: String = name.chars().take(110).collect();
            println!("  {size:>7}  {short}");
        }
        // MFA_SIZE_TOP=N lists more (or fewer) of the largest functions, full names with N > 12.
        let top = std::env::var("MFA_SIZE_TOP")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(12);
        println!("\n  largest functions");
        let mut largest = self.functions.clone();
        largest.sort_by_key(|f| std::cmp::Reverse(f.1));
        for (name, size) in largest.into_iter().take(top) {
            let width = if top > 12 { 400 } else { 90 };
            let short: String = strip_disambiguators(&name).chars().take(width).collect();
            println!("  {size:>7}  {short}");
        }
    }
}

fn sorted(map: &BTreeMap<String, usize>) -> Vec<(String, usize)> {
    let mut rows: Vec<(String, usize)> = map.iter().map(|(k, v)| (k.clone(), *v)).collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.1));
    rows
}

fn demangle(name: &str) -> String {
    format!("{:#}", rustc_demangle::demangle(name))
}

/// The path of the item a function belongs to: `alloc::vec::Vec<T>::push` to `alloc`;
/// `<yew::Html as Trait>::f` to `yew` (the type's crate); `<f64 as core::fmt::Display>::fmt`
/// to `core` (a primitive's impl goes to the trait's crate); wasm-bindgen's shims to its glue.
fn defining_path(name: &str) -> String {
    if name.contains(" shim") || name.starts_with("__wbg") || name.starts_with("__wbindgen") {
        return "wasm-bindgen glue".into();
    }
    let path_of = |text: &str| -> Option<String> {
        let text = text
            .trim_start_matches(['<', '&', '*'])
            .trim_start_matches("mut ");
        let text = text.trim_start_matches("dyn ").trim_start_matches("const ");
        let end = text
            .find(['<', ' ', '>', '(', ',', ';'])
            .unwrap_or(text.len());
        let path = &text[..end];
        path.contains("::").then(|| strip_disambiguators(path))
    };
    if let Some(inner) = name.strip_prefix('<') {
        if let Some((self_type, rest)) = inner.split_once(" as ") {
            if let Some(path) = path_of(self_type) {
                return path;
            }
            if let Some(path) = path_of(rest) {
                return path;
            }
        }
    }
    path_of(name).unwrap_or_else(|| "(unnamed)".into())
}

/// `core[c5930c85a12de822]::fmt` → `core::fmt`.
fn strip_disambiguators(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

//! The architecture as a test: modules are layers. Among the modules of any one parent
//! (`core`'s `config`, `flow`, `io`…; `ui`'s files; the crate's `core`, `browser`, `ui`), the
//! "refers to" relation has no circle, counting every path a file names (`use`, or inline
//! `crate::…`, `super::…`, `self::…`) but those inside its trailing `#[cfg(test)] mod tests`;
//! the core names no browser crate; the view (`ui`) never names the shell (`browser`).
//! Native and fast: a circle is caught when it is written, not when the next person meets it.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file of the library with its module path (`core/config/keys.rs` → core,
/// config, keys; a `mod.rs` is its folder's module).
fn files() -> Vec<(Module, String)> {
    fn walk(dir: &Path, module: &Module, out: &mut Vec<(Module, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_string_lossy().to_string();
            if path.is_dir() {
                if name == "bin" {
                    continue;
                }
                let mut inner = module.clone();
                inner.push(name);
                walk(&path, &inner, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let mut this = module.clone();
                if name != "mod" && name != "lib" {
                    this.push(name);
                }
                out.push((this, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(&src(), &Vec::new(), &mut out);
    out
}

/// The file's code: comments and its trailing test module left out.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod tests {").next().unwrap();
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .map(|line| line.split(" // ").next().unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path the code names from `crate`, `super` or `self`, use-groups expanded
/// (`crate::core::{io::Reply, pairs}` → two paths).
fn paths_named(code: &str) -> Vec<Vec<String>> {
    let bytes = code.as_bytes();
    let mut paths = Vec::new();
    let mut i = 0;
    while i < code.len() {
        let rest = &code[i..];
        let starts = ["crate::", "super::", "self::"]
            .iter()
            .any(|root| rest.starts_with(root));
        let boundary =
            i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || b"_:".contains(&bytes[i - 1]));
        if starts && boundary {
            let end = tree_end(rest);
            expand(&rest[..end], &mut Vec::new(), &mut paths);
            i += end.max(1);
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    paths
}

/// Where a use-tree starting here ends: identifiers, `::`, `*` and balanced `{…}` groups.
fn tree_end(text: &str) -> usize {
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth > 0 => depth -= 1,
            c if c.is_alphanumeric() || c == '_' || c == ':' || c == '*' => {}
            ',' | ' ' | '\n' if depth > 0 => {}
            _ if depth == 0 => return i,
            _ => {}
        }
    }
    text.len()
}

/// Expands one use-tree into its paths, each a list of segments.
fn expand(tree: &str, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let tree = tree.trim();
    if let Some(group) = tree.strip_prefix('{') {
        let inner = group.strip_suffix('}').unwrap_or(group);
        for item in split_top(inner) {
            expand(item, &mut prefix.clone(), out);
        }
        return;
    }
    match tree.find("::") {
        Some(at) => {
            prefix.push(tree[..at].trim().to_string());
            expand(&tree[at + 2..], prefix, out);
        }
        None => {
            let mut path = prefix.clone();
            if !tree.is_empty() {
                path.push(tree.to_string());
            }
            out.push(path);
        }
    }
}

/// `a, b::{c, d}, e` → its three items.
fn split_top(text: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut from) = (0, 0);
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&text[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    items.push(&text[from..]);
    items.into_iter().filter(|s| !s.trim().is_empty()).collect()
}

/// The module a path from `from` names (the longest prefix that is a module file).
fn resolve(from: &Module, path: &[String], modules: &BTreeSet<Module>) -> Module {
    let mut base: Module = Vec::new();
    let mut segments = path.iter().peekable();
    match segments.peek().map(|s| s.as_str()) {
        Some("crate") => {
            segments.next();
        }
        _ => {
            base = from.clone();
            while let Some(segment) = segments.peek() {
                match segment.as_str() {
                    "self" => {}
                    "super" => {
                        base.pop();
                    }
                    _ => break,
                }
                segments.next();
            }
        }
    }
    for segment in segments {
        let mut deeper = base.clone();
        deeper.push(segment.clone());
        if !modules.contains(&deeper) {
            break;
        }
        base = deeper;
    }
    base
}

/// For each parent module, the edges among its children: child → children it refers to.
fn sibling_edges() -> BTreeMap<Module, BTreeMap<String, BTreeSet<String>>> {
    let files = files();
    let modules: BTreeSet<Module> = files.iter().map(|(m, _)| m.clone()).collect();
    let mut edges: BTreeMap<Module, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (from, text) in &files {
        for path in paths_named(&code(text)) {
            let to = resolve(from, &path, &modules);
            let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
            if common == from.len() || common == to.len() {
                continue; // a module's own child or one of its ancestors: not a sibling
            }
            edges
                .entry(from[..common].to_vec())
                .or_default()
                .entry(from[common].clone())
                .or_default()
                .insert(to[common].clone());
        }
    }
    edges
}

/// A circle in `graph`, if there is one, as the names around it.
fn circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut found = stack[at..].to_vec();
            found.push(node.to_string());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, stack, done) {
                return Some(found);
            }
        }
        stack.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn no_module_refers_back_to_one_that_refers_to_it() {
    let mut circles = Vec::new();
    for (parent, graph) in sibling_edges() {
        if let Some(found) = circle(&graph) {
            circles.push(format!("in `{}`: {}", parent.join("::"), found.join(" → ")));
        }
    }
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
}

#[test]
fn the_layers_point_one_way() {
    let edges = sibling_edges();
    let crate_root = &edges[&Vec::new()];
    let refers = |from: &str, to: &str| crate_root.get(from).is_some_and(|t| t.contains(to));
    assert!(
        !refers("core", "browser") && !refers("core", "ui"),
        "{crate_root:?}"
    );
    assert!(
        !refers("ui", "browser"),
        "the view names the shell: {crate_root:?}"
    );
    for (module, text) in files() {
        if module.first().map(String::as_str) == Some("core") {
            for shell in ["web_sys", "js_sys", "gloo", "yew", "wasm_bindgen"] {
                assert!(
                    !code(&text).contains(&format!("{shell}::")),
                    "{} names {shell}",
                    module.join("::")
                );
            }
        }
    }
}

#[test]
fn the_checker_sees_a_circle_and_group_imports() {
    // The checker itself, on what it must catch.
    let paths =
        paths_named("use crate::core::{io::Reply, pairs};\nlet x = super::headers::checked(y);");
    let expected: Vec<Vec<String>> = [
        &["crate", "core", "io", "Reply"][..],
        &["crate", "core", "pairs"],
        &["super", "headers", "checked"],
    ]
    .iter()
    .map(|path| path.iter().map(|s| s.to_string()).collect())
    .collect();
    assert_eq!(paths, expected);
    let graph: BTreeMap<String, BTreeSet<String>> = [
        (
            "config".to_string(),
            BTreeSet::from(["settings".to_string()]),
        ),
        (
            "settings".to_string(),
            BTreeSet::from(["config".to_string()]),
        ),
    ]
    .into();
    assert!(circle(&graph).is_some());
    // And it sees the real modules: `core`'s children refer to each other somewhere.
    assert!(sibling_edges()[&vec!["core".to_string()]].len() > 4);
}

#[test]
fn the_cores_layers_are_as_its_module_doc_lists_them() {
    // `core/mod.rs` lists its modules as layers, each line using only the lines above it.
    let doc = std::fs::read_to_string(src().join("core/mod.rs")).unwrap();
    let mut rank = BTreeMap::new();
    for (line, text) in doc.lines().filter(|l| l.starts_with("//! - ")).enumerate() {
        for name in text.split("[`").skip(1).filter_map(|s| s.split('`').next()) {
            rank.insert(name.to_string(), line);
        }
    }
    let edges = sibling_edges();
    for (from, tos) in &edges[&vec!["core".to_string()]] {
        for to in tos {
            let (Some(a), Some(b)) = (rank.get(from), rank.get(to)) else {
                panic!("core/mod.rs does not list `{from}` or `{to}` as a layer: {rank:?}");
            };
            assert!(
                b < a,
                "`{from}` uses `{to}`, which core/mod.rs lists at or below it"
            );
        }
    }
}

#[test]
fn no_source_file_is_over_600_lines() {
    // Code, tests and build tooling alike: a file that long holds more than one concern.
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, usize)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy();
            if path.is_dir() {
                if !matches!(name.as_ref(), "node_modules" | "target" | "dist") {
                    walk(&path, out);
                }
            } else if path
                .extension()
                .is_some_and(|e| e == "rs" || e == "js" || e == "css")
            {
                let lines = std::fs::read_to_string(&path).unwrap().lines().count();
                out.push((path, lines));
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "tests", "xtask/src", "sandbox/src"] {
        walk(&root.join(dir), &mut files);
    }
    assert!(files.len() > 50, "{} files", files.len());
    let long: Vec<String> = files
        .iter()
        .filter(|(_, lines)| *lines > 600)
        .map(|(path, lines)| format!("{} ({lines})", path.display()))
        .collect();
    assert!(long.is_empty(), "over 600 lines: {long:?}");
}

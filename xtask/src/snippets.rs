//! README's TypeScript snippets, type-checked as a consumer sees them: every ```ts and ```tsx
//! block is written to `target/readme-snippets/`, a project with the package installed from
//! its tarball, and `tsc` checks them as bundlers resolve and as Node 16+ does, with React's
//! and Vue's own types (pinned in `tools/`), so README cannot drift from the package.

use crate::root;
use crate::tools::BuildTools;
use std::process::{Command, Stdio};

pub fn check(tools: &BuildTools) -> Result<(), String> {
    let root = root();
    let readme = std::fs::read_to_string(root.join("README.md")).map_err(|e| e.to_string())?;
    let out = root.join("target/readme-snippets");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let mut count = 0;
    let mut snippets = Vec::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        let extension = match line.trim_end() {
            "```ts" => "ts",
            "```tsx" => "tsx",
            _ => continue,
        };
        let mut code = String::new();
        for line in lines.by_ref() {
            if line.starts_with("```") {
                break;
            }
            code.push_str(line);
            code.push('\n');
        }
        count += 1;
        // Each block is a module of its own (top-level await, no shared names).
        code.push_str("export {};\n");
        let name = format!("snippet-{count}.{extension}");
        std::fs::write(out.join(&name), code).map_err(|e| e.to_string())?;
        snippets.push(name);
    }
    if count == 0 {
        return Err("README.md has no ```ts or ```tsx blocks to check".into());
    }
    // A consumer project: the package installed from its tarball, as a registry hands it
    // out (no path mapping to the sources), in an ES-module project; React's and Vue's types
    // are the pinned ones in `tools/`, as the app's own would be.
    let tarball = crate::dist::tarball(&crate::dist::widget_version()?);
    if !tarball.is_file() {
        return Err(format!(
            "{} is missing: run `cargo xtask dist`",
            tarball.display()
        ));
    }
    std::fs::write(
        out.join("package.json"),
        r#"{ "name": "readme-snippets", "private": true, "type": "module" }"#,
    )
    .map_err(|e| e.to_string())?;
    crate::apps::install_tarball(&out, &tarball)?;
    let modules = root.join("tools/node_modules");
    // As bundlers resolve (Vite, webpack, esbuild), and as Node 16+ does (`node16`: each
    // entry's own typings, ES-module or CommonJS). Each snippet is a program of its own, so
    // that one's `/// <reference types>` cannot type another's globals; all at once.
    let mut checks = Vec::new();
    for (module, resolution) in [("ES2022", "bundler"), ("Node16", "node16")] {
        for snippet in &snippets {
            let config = serde_json::json!({
                "compilerOptions": {
                    "strict": true,
                    "noEmit": true,
                    "target": "ES2022",
                    "module": module,
                    "moduleResolution": resolution,
                    "lib": ["ES2022", "DOM", "DOM.Iterable"],
                    "jsx": "react-jsx",
                    "skipLibCheck": false,
                    "types": [],
                    "paths": {
                        "react": [modules.join("@types/react/index.d.ts")],
                        "react/jsx-runtime": [modules.join("@types/react/jsx-runtime.d.ts")],
                        "vue": [modules.join("vue/dist/vue.d.mts")]
                    }
                },
                "files": [snippet]
            });
            let config_path = out.join(format!("tsconfig.{resolution}.{snippet}.json"));
            let text = serde_json::to_string_pretty(&config).map_err(|e| e.to_string())?;
            std::fs::write(&config_path, text).map_err(|e| e.to_string())?;
            let child = Command::new(&tools.tsc)
                .arg("-p")
                .arg(&config_path)
                .stdout(Stdio::piped())
                .spawn()
                .map_err(|e| format!("tsc: {e}"))?;
            checks.push((format!("{snippet} ({resolution})"), child));
        }
    }
    println!(
        "type-checking {count} README snippets as a consumer, each on its own, as bundlers and Node 16+ resolve"
    );
    let mut failed = Vec::new();
    for (name, child) in checks {
        let output = child.wait_with_output().map_err(|e| e.to_string())?;
        if !output.status.success() {
            print!("{}", String::from_utf8_lossy(&output.stdout));
            failed.push(name);
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "README snippets that do not type-check: {}",
            failed.join(", ")
        ))
    }
}

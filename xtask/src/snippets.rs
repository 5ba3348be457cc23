//! README's TypeScript snippets, type-checked: every ```ts and ```tsx block is written to
//! `target/readme-snippets/` and `tsc` checks them against the published declarations, with
//! React's and Vue's own types (pinned in `tools/`), so README cannot drift from the API.

use crate::tools::BuildTools;
use crate::{root, run};
use std::process::Command;

pub fn check(tools: &BuildTools) -> Result<(), String> {
    let root = root();
    let readme = std::fs::read_to_string(root.join("README.md")).map_err(|e| e.to_string())?;
    let out = root.join("target/readme-snippets");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let mut count = 0;
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
        let path = out.join(format!("snippet-{count}.{extension}"));
        std::fs::write(&path, code).map_err(|e| e.to_string())?;
    }
    if count == 0 {
        return Err("README.md has no ```ts or ```tsx blocks to check".into());
    }
    let modules = root.join("tools/node_modules");
    let config = serde_json::json!({
        "compilerOptions": {
            "strict": true,
            "noEmit": true,
            "target": "ES2022",
            "module": "ES2022",
            "moduleResolution": "bundler",
            "lib": ["ES2022", "DOM", "DOM.Iterable"],
            "jsx": "react-jsx",
            "skipLibCheck": true,
            "types": [],
            "paths": {
                "mfa-widget": [root.join("src/browser/mfa-widget.d.ts")],
                "mfa-widget/react": [root.join("src/browser/react.d.ts")],
                "mfa-widget/vue": [root.join("src/browser/vue.d.ts")],
                "react": [modules.join("@types/react/index.d.ts")],
                "react/jsx-runtime": [modules.join("@types/react/jsx-runtime.d.ts")],
                "vue": [modules.join("vue")]
            }
        },
        "files": [root.join("src/browser/mfa-widget.d.ts")],
        "include": ["*.ts", "*.tsx"]
    });
    let config_path = out.join("tsconfig.json");
    let text = serde_json::to_string_pretty(&config).map_err(|e| e.to_string())?;
    std::fs::write(&config_path, text).map_err(|e| e.to_string())?;
    println!("type-checking {count} README snippets");
    run(Command::new(&tools.tsc).arg("-p").arg(&config_path))
}

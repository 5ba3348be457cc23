//! Pages of a test's own: files written into a fresh folder served at `/` with the strict CSP
//! every page here has, the release bundle (or a CDN's altered copy) at `/dist`.

use super::*;

/// A page of the test's own: `files` written into a fresh folder served at `/`, with `head`
/// (scripts after the strict CSP every page here has) and `body` in `index.html`, the release
/// bundle at `/dist`. Returns the session and the folder (to remove at the end).
pub async fn own_page(
    name: &str,
    head: &str,
    body: &str,
    files: &[(&str, &str)],
) -> (Session, std::path::PathBuf) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    own_page_with_dist(name, head, body, files, &root.join("dist")).await
}

/// [`own_page`] with `dist` served at `/dist` in place of the release bundle.
pub async fn own_page_with_dist(
    name: &str,
    head: &str,
    body: &str,
    files: &[(&str, &str)],
    dist: &std::path::Path,
) -> (Session, std::path::PathBuf) {
    let page = std::env::temp_dir().join(format!("mfa-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&page).unwrap();
    for (file, text) in files {
        std::fs::write(page.join(file), text).unwrap();
    }
    std::fs::write(
        page.join("index.html"),
        format!(
            r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:">
<title>{name}</title>
{head}
</head><body>{body}</body></html>"#
        ),
    )
    .unwrap();
    let s = open_browser_serving(page.clone(), dist.to_path_buf(), &[]).await;
    (s, page)
}

/// A fresh folder named after `name` holding the files of dist/ that `keep` accepts (by file
/// name): a CDN's copy, for a test to alter. Remove it at the end.
pub fn cdn_copy(name: &str, keep: impl Fn(&str) -> bool) -> std::path::PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let cdn = std::env::temp_dir().join(format!("mfa-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&cdn);
    std::fs::create_dir_all(&cdn).unwrap();
    for entry in std::fs::read_dir(root.join("dist")).unwrap().flatten() {
        if keep(&entry.file_name().to_string_lossy()) {
            std::fs::copy(entry.path(), cdn.join(entry.file_name())).unwrap();
        }
    }
    cdn
}

/// Opens the own page's `index.html` and waits for the script to have run.
pub async fn open_own_page(s: &Session) {
    s.client
        .goto(&format!("{}/index.html", s.sandbox))
        .await
        .unwrap();
    s.wait_for_script("return typeof window.MfaWidget === 'object'")
        .await;
}

/// Enters the PIN of a `pin` job in the widget mounted on `#widget` and waits for success.
pub async fn complete_pin(s: &Session) {
    let input = s.wait_for("#widget >> input[name=token]").await;
    input.send_keys("2468\u{E007}").await.unwrap();
    s.wait_for("#widget >> .mfa-success").await;
}

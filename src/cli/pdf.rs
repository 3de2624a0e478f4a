//! `--format pdf`: the HTML note printed to PDF by the browser that is
//! installed, run headless, offline and with a throw-away profile.

use crate::store;
use anyhow::{Context as _, bail};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Browsers that print headless, looked for in this order on `PATH`, or
/// named by `GROUPSCRIBE_BROWSER`.
const BROWSERS: [&str; 5] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "microsoft-edge",
];

/// Prints `html` to the PDF file `out` (created owner-only).
pub fn print(html: &str, out: &Path) -> anyhow::Result<()> {
    let browser = find_browser().ok_or_else(|| {
        anyhow::anyhow!(
            "--format pdf needs a browser that prints headless, and none was found \
             (looked for {} on PATH, or GROUPSCRIBE_BROWSER). Install Chromium \
             (e.g. `apt install chromium`) or Google Chrome, or write --format html \
             and print it from any browser.",
            BROWSERS.join(", ")
        )
    })?;
    let work = PrivateDir::new()?;
    let page = work.path().join("note.html");
    store::write_atomic(&page, html)?;
    let printed = work.path().join("note.pdf");
    let profile = work.path().join("profile");
    let status = Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", printed.display()))
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .with_context(|| format!("could not run {}", browser.display()))?;
    let bytes = std::fs::read(&printed).unwrap_or_default();
    if !status.success() || !bytes.starts_with(b"%PDF") {
        bail!(
            "{} did not print the note to PDF ({status}); write --format html and print it \
             from the browser instead",
            browser.display()
        );
    }
    store::write_atomic_bytes(out, &bytes)?;
    Ok(())
}

/// A folder only the user can read, removed when printing is done: the
/// note is confidential, and so is the browser's profile.
struct PrivateDir(PathBuf);

impl PrivateDir {
    fn new() -> anyhow::Result<PrivateDir> {
        use std::os::unix::fs::DirBuilderExt as _;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.as_nanos());
        let dir =
            std::env::temp_dir().join(format!("groupscribe-pdf-{}-{nanos}", std::process::id()));
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(&dir)
            .with_context(|| format!("could not make a private folder {}", dir.display()))?;
        Ok(PrivateDir(dir))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for PrivateDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// An existing PDF `--out` may replace without --force: one a headless
/// browser printed.
pub fn is_printed_note(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF")
        && bytes
            .windows(b"HeadlessChrome".len())
            .any(|window| window == b"HeadlessChrome")
}

fn find_browser() -> Option<PathBuf> {
    if let Some(named) = std::env::var_os("GROUPSCRIBE_BROWSER") {
        let named = PathBuf::from(named);
        return named.is_file().then_some(named);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| BROWSERS.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

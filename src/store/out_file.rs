//! What `note --out` and `export --out` may write over. Records are never
//! replaced, nor any file groupscribe did not write as that kind of output,
//! unless the user says `--force`.
//!
//! How a note is recognised: its last line is [`NOTE_MARKER`], an HTML comment
//! (invisible in Markdown and HTML), or, for the built-in HTML note, it carries
//! `<meta name="generator" content="groupscribe">`. Exports are recognised by
//! their shape (see `cli::export`).

use super::StoreError;
use std::path::Path;

/// The last line of every note groupscribe writes to a file.
pub const NOTE_MARKER: &str = "<!-- written by groupscribe note -->";

/// A line of the built-in HTML note's head.
const HTML_GENERATOR: &str = r#"<meta name="generator" content="groupscribe">"#;

/// What is being written, for the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutKind {
    Note,
    Export,
    /// `groupscribe report`: recognised by its last line,
    /// `<!-- written by groupscribe report -->`.
    Report,
}

impl OutKind {
    fn article(self) -> &'static str {
        match self {
            OutKind::Note => "a note",
            OutKind::Export => "an export",
            OutKind::Report => "a report",
        }
    }
}

/// The note as it goes to a file: marked, so that a later `--out` may replace it.
pub fn mark_note(mut text: String) -> String {
    if is_note(text.as_bytes()) {
        return text;
    }
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(NOTE_MARKER);
    text.push('\n');
    text
}

/// Whether these bytes are a note groupscribe wrote.
pub fn is_note(bytes: &[u8]) -> bool {
    String::from_utf8_lossy(bytes)
        .lines()
        .any(|line| matches!(line.trim(), NOTE_MARKER | HTML_GENERATOR))
}

/// Refuses an `--out` path that is a record (a `.ron` or `.torn` file: session,
/// group, config, keymap, theme, recovery, the bytes a crash cut off), a folder,
/// or an existing file that `ours` does not recognise as written by groupscribe.
/// With `force`, only a folder is refused.
pub fn check_out(
    out: &Path,
    kind: OutKind,
    force: bool,
    ours: impl Fn(&[u8]) -> bool,
) -> Result<(), StoreError> {
    let refuse = |what: String, hint: &str| StoreError::Invalid {
        path: out.to_path_buf(),
        what,
        hint: hint.to_string(),
    };
    if out.is_dir() {
        return Err(refuse(
            "is a folder".into(),
            "Give --out a file name inside it.",
        ));
    }
    if force {
        return Ok(());
    }
    let extension = out
        .extension()
        .map(|extension| extension.to_string_lossy().to_ascii_lowercase());
    match extension.as_deref() {
        Some("ron") => {
            return Err(refuse(
                format!(
                    "{} is never written to a .ron file: sessions, groups, config, keymaps \
                     and themes are .ron records",
                    kind.article()
                ),
                "Name it .md or .html (a note) or .csv, .json, .rttm or .uem (an export). \
                 --force writes it all the same.",
            ));
        }
        Some("torn") => {
            return Err(refuse(
                format!(
                    "{} is never written to a .torn file: it keeps the bytes a crash cut off \
                     a session",
                    kind.article()
                ),
                "Choose another name. --force writes it all the same.",
            ));
        }
        _ => {}
    }
    let bytes = match std::fs::read(out) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(StoreError::io(out, "read")(error)),
    };
    if ours(&bytes) {
        return Ok(());
    }
    Err(match kind {
        OutKind::Note => refuse(
            "exists and was not written by `groupscribe note`".into(),
            "--out replaces only a note groupscribe wrote (its last line is \
             `<!-- written by groupscribe note -->`). Choose another file, or add --force \
             to replace this one.",
        ),
        OutKind::Export => refuse(
            "exists and is not a groupscribe export of this session in this format".into(),
            "--out replaces only an export groupscribe wrote (CSV: its column row; JSON: its \
             header, events, members and totals; RTTM and UEM: every line names this \
             session). Choose another file, or add --force to replace this one.",
        ),
        OutKind::Report => refuse(
            "exists and was not written by `groupscribe report`".into(),
            "--out replaces only a report groupscribe wrote (its last line is \
             `<!-- written by groupscribe report -->`). Choose another file, or add --force \
             to replace this one.",
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marked_note_is_recognised_and_marked_once() {
        let marked = mark_note("# Note\n\ntext".into());
        assert!(marked.ends_with("text\n<!-- written by groupscribe note -->\n"));
        assert!(is_note(marked.as_bytes()));
        assert_eq!(mark_note(marked.clone()), marked);
        assert!(!is_note(b"# Note\n\nwritten by hand\n"));
        assert!(is_note(
            b"<head>\n<meta name=\"generator\" content=\"groupscribe\">\n</head>"
        ));
    }

    #[test]
    fn records_and_unknown_files_are_refused_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let never = |_: &[u8]| false;
        let always = |_: &[u8]| true;
        for name in ["a.ron", "B.RON", "s.ron.torn"] {
            let path = dir.path().join(name);
            // Even when it does not exist yet, and even if it looked like ours.
            assert!(check_out(&path, OutKind::Note, false, always).is_err());
            assert!(check_out(&path, OutKind::Note, true, never).is_ok());
        }
        let missing = dir.path().join("new.md");
        assert!(check_out(&missing, OutKind::Note, false, never).is_ok());
        let mine = dir.path().join("mine.md");
        std::fs::write(&mine, "mine").unwrap();
        let error = check_out(&mine, OutKind::Note, false, is_note)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("mine.md: exists and was not written by `groupscribe note`"),
            "{error}"
        );
        assert!(error.contains("--force"), "{error}");
        assert!(check_out(&mine, OutKind::Note, true, is_note).is_ok());
        std::fs::write(&mine, mark_note("note".into())).unwrap();
        assert!(check_out(&mine, OutKind::Note, false, is_note).is_ok());
        assert!(check_out(dir.path(), OutKind::Export, true, always).is_err());
    }
}

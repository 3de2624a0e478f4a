//! Encryption at rest, through the real binary: a store of the sample group's
//! sessions encrypted, read by check, note, events and export, refused with a
//! wrong passphrase, and decrypted back to the very same bytes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_groupscribe");
const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sessions/thursday-peer-support"
);
const SLUG: &str = "thursday-peer-support";

/// The sample group copied into a fresh store, encrypted with "pass phrase":
/// the folder (kept alive by the caller), the store's root, the files copied.
fn encrypted_sample() -> (tempfile::TempDir, PathBuf, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("store");
    let files = copy_sample(&root);
    ok(&run(&root, Some("pass phrase"), &["store", "encrypt"]));
    (dir, root, files)
}

fn copy_sample(root: &Path) -> Vec<PathBuf> {
    let folder = root.join(SLUG);
    std::fs::create_dir_all(&folder).unwrap();
    let mut copied = Vec::new();
    for entry in std::fs::read_dir(SAMPLE).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "group.ron" || name.ends_with(".sample.ron") {
            let to = folder.join(&name);
            std::fs::copy(&path, &to).unwrap();
            copied.push(to);
        }
    }
    copied.sort();
    copied
}

fn run(root: &Path, passphrase: Option<&str>, args: &[&str]) -> Output {
    let mut command = Command::new(BIN);
    command
        .args(["--dir", root.to_str().unwrap()])
        .args(args)
        .env("GROUPSCRIBE_SCRYPT_LOG_N", "4")
        .env_remove("GROUPSCRIBE_PASSPHRASE")
        .env_remove("GROUPSCRIBE_IDENTITY")
        .env("HOME", root)
        .env("XDG_CONFIG_HOME", root.join(".config"));
    if let Some(passphrase) = passphrase {
        command.env("GROUPSCRIBE_PASSPHRASE", passphrase);
    }
    command.output().unwrap()
}

fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn an_encrypted_store_reads_as_before_and_decrypts_to_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("store");
    let files = copy_sample(&root);
    let originals: Vec<Vec<u8>> = files
        .iter()
        .map(|path| std::fs::read(path).unwrap())
        .collect();
    let session = files
        .iter()
        .find(|p| p.to_string_lossy().contains("-s02"))
        .unwrap();
    let plain_note = ok(&run(&root, None, &["note", session.to_str().unwrap()]));

    ok(&run(
        &root,
        Some("a long passphrase"),
        &["store", "encrypt"],
    ));
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.starts_with("§gs1 "), "{} is sealed", path.display());
        for plaintext in ["Ana Ruiz", "Thursday Peer Support", "dementia", "version:"] {
            assert!(
                !text.contains(plaintext),
                "{} holds {plaintext:?}",
                path.display()
            );
        }
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", path.display());
    }
    assert!(
        !dir.path().join("store.old").exists() && !dir.path().join("store.converting").exists()
    );

    // Every reader works on it, with the passphrase.
    let sealed_note = ok(&run(
        &root,
        Some("a long passphrase"),
        &["note", session.to_str().unwrap()],
    ));
    assert_eq!(sealed_note, plain_note, "the note reads the same");
    let checked = ok(&run(
        &root,
        Some("a long passphrase"),
        &["check", session.to_str().unwrap()],
    ));
    assert!(checked.contains("a valid session"), "{checked}");
    let events = ok(&run(
        &root,
        Some("a long passphrase"),
        &["events", session.to_str().unwrap()],
    ));
    assert!(events.contains("Ana"), "{events}");

    // A wrong passphrase is a clear error, and nothing is written.
    let before = listing(&root.join(SLUG));
    let wrong = run(&root, Some("not it"), &["note", session.to_str().unwrap()]);
    assert!(!wrong.status.success());
    let said = String::from_utf8_lossy(&wrong.stderr);
    assert!(said.contains("wrong passphrase"), "{said}");
    assert!(wrong.stdout.is_empty(), "nothing printed");
    assert_eq!(listing(&root.join(SLUG)), before, "nothing written");

    // Without one, outside a terminal: says how to give it.
    let none = run(&root, None, &["note", session.to_str().unwrap()]);
    assert!(!none.status.success());
    assert!(String::from_utf8_lossy(&none.stderr).contains("GROUPSCRIBE_PASSPHRASE"));

    // A note written out of an encrypted store warns that it is plaintext.
    let out = dir.path().join("note.md");
    let written = run(
        &root,
        Some("a long passphrase"),
        &[
            "note",
            session.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    ok(&written);
    assert!(String::from_utf8_lossy(&written.stderr).contains("plain text"));

    // Decrypted, every file is byte for byte what it was.
    ok(&run(
        &root,
        Some("a long passphrase"),
        &["store", "decrypt"],
    ));
    for (path, original) in files.iter().zip(&originals) {
        assert_eq!(
            &std::fs::read(path).unwrap(),
            original,
            "{}",
            path.display()
        );
    }
    assert!(!root.join("seal.ron").exists());
}

#[test]
fn a_session_logged_on_an_encrypted_store_is_sealed_line_by_line() {
    let (_dir, root, files) = encrypted_sample();
    // Amend (a record-keeping append) through the CLI: the companion file is sealed too.
    let session = files
        .iter()
        .find(|p| p.to_string_lossy().contains("-s03"))
        .unwrap();
    let before = std::fs::read_to_string(session).unwrap();
    let output = run(
        &root,
        Some("pass phrase"),
        &[
            "debrief",
            session.to_str().unwrap(),
            "--text",
            "Dana's question about respite deserves a follow-up",
        ],
    );
    ok(&output);
    let companions: Vec<String> = listing(&root.join(SLUG))
        .into_iter()
        .filter(|name| name.contains(".cofac.") && !name.ends_with(".lock"))
        .collect();
    assert!(!companions.is_empty(), "a companion file was written");
    for name in &companions {
        let text = std::fs::read_to_string(root.join(SLUG).join(name)).unwrap();
        assert!(
            text.starts_with("§gs1 ") && !text.contains("respite"),
            "{name}: {text}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(session).unwrap(),
        before,
        "the session itself unchanged"
    );
    let events = ok(&run(
        &root,
        Some("pass phrase"),
        &["events", session.to_str().unwrap()],
    ));
    assert!(events.contains("respite"), "{events}");
}

mod common;
use common::{Options, Tui, framed, secs};

#[test]
fn the_app_asks_for_the_passphrase_once_and_logs_sealed_lines() {
    let (_dir, root, files) = encrypted_sample();
    let options = Options {
        env: vec![("GROUPSCRIBE_SCRYPT_LOG_N".into(), "4".into())],
        ..Options::default()
    };
    let mut tui = Tui::spawn(["--dir", root.to_str().unwrap()], options);
    tui.wait_for("Passphrase for the encrypted store", secs(20));
    tui.send("pass phrase\r");
    let home = tui.wait_for("Thursday Peer Support", secs(20));
    assert!(home.contains("support · 7 members"), "{}", framed(&home));
    tui.send("\r");
    tui.wait_for("saved ✓ 0", secs(20));
    tui.send("1");
    tui.wait_for("saved ✓ 1", secs(20));
    tui.send("3");
    tui.wait_for("saved ✓ 2", secs(20));
    tui.send("qys");
    tui.wait_for("Note written to", secs(20));
    tui.send("q");
    tui.wait_exit(secs(20));
    let new: Vec<PathBuf> = std::fs::read_dir(root.join(SLUG))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            name.ends_with(".ron") && !name.contains("sample") && name != "group.ron"
        })
        .collect();
    assert_eq!(new.len(), 1, "{new:?} (sample: {files:?})");
    let raw = std::fs::read_to_string(&new[0]).unwrap();
    assert!(
        raw.starts_with("§gs1 ") && !raw.contains("Ana Ruiz") && !raw.contains("Floor"),
        "{raw}"
    );
    let note = groupscribe::store::note_path(&new[0]);
    let note_raw = std::fs::read_to_string(&note).unwrap();
    assert!(
        note_raw.starts_with("§gs1 ") && !note_raw.contains("Ana R."),
        "the note beside it is sealed"
    );
    let events = ok(&run(
        &root,
        Some("pass phrase"),
        &["events", new[0].to_str().unwrap()],
    ));
    assert!(
        events.contains("Ana R.") && events.contains("Dana M."),
        "{events}"
    );
}

#[test]
fn a_roster_edit_on_an_encrypted_store_keeps_the_group_file_sealed() {
    let (_dir, root, _) = encrypted_sample();
    ok(&run(
        &root,
        Some("pass phrase"),
        &[
            "member",
            "add",
            SLUG,
            "--id",
            "ivo",
            "--name",
            "Ivo Marković",
        ],
    ));
    let raw = std::fs::read_to_string(root.join(SLUG).join("group.ron")).unwrap();
    assert!(raw.starts_with("§gs1 ") && !raw.contains("Ivo Marković") && !raw.contains("Ana Ruiz"));
    let checked = ok(&run(
        &root,
        Some("pass phrase"),
        &["check", root.join(SLUG).join("group.ron").to_str().unwrap()],
    ));
    assert!(
        checked.contains("8 members") || checked.contains("Ivo") || checked.contains("valid"),
        "{checked}"
    );
}

#[test]
fn the_report_of_an_encrypted_store_keeps_its_summaries_sealed() {
    let (_dir, root, _) = encrypted_sample();
    let report = ok(&run(&root, Some("pass phrase"), &["report", SLUG]));
    assert!(report.contains("Ana"), "{report}");
    let summaries = root.join(SLUG).join(".report-summaries");
    let names = listing(&summaries);
    assert!(!names.is_empty());
    for name in names {
        let raw = std::fs::read_to_string(summaries.join(&name)).unwrap();
        assert!(
            raw.starts_with("§gs1 ") && !raw.contains("version:"),
            "{name}: {raw}"
        );
    }
    // Kept summaries are read back (sealed) and give the same report.
    assert_eq!(
        ok(&run(&root, Some("pass phrase"), &["report", SLUG])),
        report
    );
}

#[test]
fn the_carry_over_digests_of_an_encrypted_store_are_sealed() {
    let (_dir, root, sessions) = encrypted_sample();
    // The note of the last sample session carries over from the earlier ones.
    let last = (sessions.iter())
        .filter(|path| path.to_string_lossy().ends_with(".sample.ron"))
        .max()
        .unwrap();
    let note = ok(&run(
        &root,
        Some("pass phrase"),
        &["note", last.to_str().unwrap()],
    ));
    assert!(note.contains("Since last session"), "{note}");
    let digests = root
        .join(SLUG)
        .join(groupscribe::store::earlier::DIGEST_DIR);
    let names = listing(&digests);
    assert!(!names.is_empty());
    for name in names {
        let raw = std::fs::read_to_string(digests.join(&name)).unwrap();
        assert!(
            // Quotes and spaces are not in the sealed text's alphabet.
            raw.starts_with("§gs1 ") && !raw.contains("\"version\"") && !raw.contains("Ana Ruiz"),
            "{name}: {raw}"
        );
    }
    // Read back (sealed), they give the same note.
    let again = ok(&run(
        &root,
        Some("pass phrase"),
        &["note", last.to_str().unwrap()],
    ));
    assert_eq!(again, note);
}

#[test]
fn the_listing_index_of_an_encrypted_store_is_sealed() {
    let (_dir, root, _) = encrypted_sample();
    // The home screen lists the store and keeps its listing index.
    let options = Options {
        env: vec![
            ("GROUPSCRIBE_SCRYPT_LOG_N".into(), "4".into()),
            ("GROUPSCRIBE_PASSPHRASE".into(), "pass phrase".into()),
        ],
        ..Options::default()
    };
    let mut tui = Tui::spawn(["--dir", root.to_str().unwrap()], options);
    tui.wait_for("support · 7 members", secs(20));
    tui.send("q");
    tui.wait_exit(secs(20));
    let index = root
        .join(SLUG)
        .join(groupscribe::store::listing::INDEX_FILE);
    let raw = std::fs::read_to_string(&index).unwrap();
    assert!(
        raw.starts_with("§gs1 ") && !raw.contains("Ana Ruiz"),
        "{raw}"
    );
    // And it is read back: the queue answers from it.
    ok(&run(
        &root,
        Some("pass phrase"),
        &["queue", "--store", root.to_str().unwrap()],
    ));
}

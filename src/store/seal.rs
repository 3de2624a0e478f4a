//! Encryption at rest, opt-in per store.
//!
//! A sealed store holds `seal.ron` at its root: the store's public key (an age
//! X25519 recipient) and, unless the worker keeps it in an identity file of
//! their own, the matching secret key encrypted with their passphrase (age's
//! scrypt recipient). The passphrase is asked once per run and never written.
//!
//! Record files stay line by line, so that an append stays one fsync'd write
//! and a crash leaves at most a torn last line, exactly as in a plain store:
//!
//! ```text
//! §gs1 <file key, age-encrypted to the store> <line 1 sealed>
//! <line 2 sealed>
//! ...
//! ```
//!
//! Each file has a random 256-bit file key of its own; each line is sealed on
//! its own with XChaCha20-Poly1305 under that key, with a fresh random nonce and
//! the line's number as associated data (a line moved, dropped or swapped does
//! not open). Line numbers are those of the plaintext, so `check`'s
//! line:column messages and the sign-offs' per-line digests (taken over the
//! plaintext) read the same whether the store is sealed or not.

use super::StoreError;
use age::secrecy::{ExposeSecret, SecretString};
use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The store's seal: its name at the store's root.
pub const SEAL_FILE: &str = "seal.ron";
/// What the first line of a sealed file begins with.
pub const SEALED_PREFIX: &str = "§gs1 ";
const NONCE_LEN: usize = 24;
/// scrypt work factor (2^N) when a seal is made; the env var is for tests,
/// where a second per unlock would make the suite slow.
const WORK_FACTOR_ENV: &str = "GROUPSCRIBE_SCRYPT_LOG_N";
const DEFAULT_LOG_N: u8 = 18;

/// Why a sealed file or store could not be opened.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SealError {
    #[error("wrong passphrase for the encrypted store {0}")]
    WrongPassphrase(PathBuf),
    #[error("the identity file {0} does not open the encrypted store")]
    WrongIdentity(PathBuf),
    #[error("{path}: {what}")]
    Unreadable { path: PathBuf, what: String },
    #[error(
        "line {line}: it does not decrypt with this store's key (changed, moved or from another file)"
    )]
    Line { line: usize },
    #[error("the file does not decrypt with this store's key")]
    FileKey,
}

/// What `seal.ron` says.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct SealFile {
    version: u32,
    /// The store's public key, `age1…`.
    recipient: String,
    /// The secret key, age-encrypted with the passphrase and armored; absent
    /// when the worker keeps the secret key in an identity file.
    #[serde(default)]
    sealed_identity: Option<String>,
}

/// How the worker opens a sealed store.
pub enum Unlock {
    Passphrase(SecretString),
    IdentityFile(PathBuf),
}

impl std::fmt::Debug for Unlock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unlock::Passphrase(_) => f.write_str("Passphrase(…)"),
            Unlock::IdentityFile(path) => write!(f, "IdentityFile({})", path.display()),
        }
    }
}

/// An unlocked store: seals new files and opens sealed ones.
pub struct StoreKey {
    identity: age::x25519::Identity,
    recipient: age::x25519::Recipient,
}

impl std::fmt::Debug for StoreKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "StoreKey({})", self.recipient)
    }
}

/// Whether the store at `root` is sealed.
pub fn is_sealed(root: &Path) -> bool {
    root.join(SEAL_FILE).is_file()
}

/// Whether `bytes` are a sealed file.
pub fn is_sealed_text(bytes: &[u8]) -> bool {
    bytes.starts_with(SEALED_PREFIX.as_bytes())
}

fn work_factor() -> u8 {
    std::env::var(WORK_FACTOR_ENV)
        .ok()
        .and_then(|text| text.parse::<u8>().ok())
        .filter(|log_n| (1..=22).contains(log_n))
        .unwrap_or(DEFAULT_LOG_N)
}

/// A new store key and what to write down: the text of its `seal.ron`, and
/// with an identity file the text of that file. With a passphrase the secret
/// key is kept in the seal, encrypted; with an identity file the secret key
/// goes there and the seal holds only the public key.
pub struct NewSeal {
    pub key: StoreKey,
    pub seal: String,
    /// The identity file and its text (to write 0600, never over a file).
    pub identity_file: Option<(PathBuf, String)>,
}

pub fn new_seal(unlock: &Unlock) -> Result<NewSeal, StoreError> {
    let StoreKey {
        identity,
        recipient,
    } = StoreKey::generate();
    let mut identity_file = None;
    let sealed_identity = match unlock {
        Unlock::Passphrase(passphrase) => {
            let mut scrypt = age::scrypt::Recipient::new(passphrase.clone());
            scrypt.set_work_factor(work_factor());
            let secret = identity.to_string();
            let ciphertext =
                age::encrypt(&scrypt, secret.expose_secret().as_bytes()).map_err(|error| {
                    StoreError::Invalid {
                        path: PathBuf::from(SEAL_FILE),
                        what: format!("could not encrypt the store key: {error}"),
                        hint: "nothing was written; try again".into(),
                    }
                })?;
            Some(B64.encode(ciphertext))
        }
        Unlock::IdentityFile(path) => {
            let text = format!(
                "# groupscribe store key: keep it safe, apart from the store.\n# public key: {recipient}\n{}\n",
                identity.to_string().expose_secret()
            );
            identity_file = Some((path.clone(), text));
            None
        }
    };
    let seal = SealFile {
        version: 1,
        recipient: recipient.to_string(),
        sealed_identity,
    };
    let text =
        ron::ser::to_string_pretty(&seal, ron::ser::PrettyConfig::default()).map_err(|error| {
            StoreError::Invalid {
                path: PathBuf::from(SEAL_FILE),
                what: error.to_string(),
                hint: "nothing was written; try again".into(),
            }
        })?;
    Ok(NewSeal {
        key: StoreKey {
            identity,
            recipient,
        },
        seal: format!("// This store is encrypted: groupscribe asks for its passphrase.\n{text}\n"),
        identity_file,
    })
}

/// Opens the store at `root` with the worker's passphrase or identity file.
pub fn unlock(root: &Path, unlock: &Unlock) -> Result<StoreKey, SealError> {
    let seal_path = root.join(SEAL_FILE);
    let unreadable = |what: String| SealError::Unreadable {
        path: seal_path.clone(),
        what,
    };
    let text =
        std::fs::read_to_string(&seal_path).map_err(|error| unreadable(error.to_string()))?;
    let seal: SealFile = ron::from_str(&text).map_err(|error| unreadable(error.to_string()))?;
    let recipient = age::x25519::Recipient::from_str(&seal.recipient)
        .map_err(|error| unreadable(format!("its public key does not read: {error}")))?;
    let identity = match unlock {
        Unlock::Passphrase(passphrase) => {
            let sealed = seal.sealed_identity.as_deref().ok_or_else(|| {
                unreadable("this store is opened with an identity file, not a passphrase (--identity FILE)".into())
            })?;
            let ciphertext = B64
                .decode(sealed.trim())
                .map_err(|error| unreadable(format!("its sealed key does not read: {error}")))?;
            let mut scrypt = age::scrypt::Identity::new(passphrase.clone());
            scrypt.set_max_work_factor(22);
            let secret = age::decrypt(&scrypt, &ciphertext)
                .map_err(|_| SealError::WrongPassphrase(root.to_path_buf()))?;
            let secret = String::from_utf8(secret)
                .map_err(|_| unreadable("its sealed key is not text".into()))?;
            age::x25519::Identity::from_str(secret.trim())
                .map_err(|error| unreadable(format!("its sealed key does not read: {error}")))?
        }
        Unlock::IdentityFile(path) => read_identity_file(path)?,
    };
    if identity.to_public().to_string() != recipient.to_string() {
        return Err(match unlock {
            Unlock::Passphrase(_) => SealError::WrongPassphrase(root.to_path_buf()),
            Unlock::IdentityFile(path) => SealError::WrongIdentity(path.clone()),
        });
    }
    Ok(StoreKey {
        identity,
        recipient,
    })
}

fn read_identity_file(path: &Path) -> Result<age::x25519::Identity, SealError> {
    let unreadable = |what: String| SealError::Unreadable {
        path: path.to_path_buf(),
        what,
    };
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(64 * 1024).read_to_string(&mut text))
        .map_err(|error| unreadable(error.to_string()))?;
    text.lines()
        .map(str::trim)
        .find(|line| line.starts_with("AGE-SECRET-KEY-"))
        .ok_or_else(|| unreadable("no AGE-SECRET-KEY line in it".into()))
        .and_then(|line| {
            age::x25519::Identity::from_str(line)
                .map_err(|error| unreadable(format!("its key does not read: {error}")))
        })
}

/// The key of one sealed file.
pub struct FileKey {
    cipher: XChaCha20Poly1305,
    /// The file key wrapped for the store, as it is written on line 1.
    wrapped: String,
}

impl std::fmt::Debug for FileKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FileKey(…)")
    }
}

impl StoreKey {
    /// A new store key (kept in memory only: `new_seal` writes it down).
    pub fn generate() -> StoreKey {
        let identity = age::x25519::Identity::generate();
        let recipient = identity.to_public();
        StoreKey {
            identity,
            recipient,
        }
    }

    /// A new random key for a new file.
    pub fn new_file(&self) -> Result<FileKey, SealError> {
        let key = XChaCha20Poly1305::generate_key(&mut OsRng);
        let wrapped =
            age::encrypt(&self.recipient, key.as_slice()).map_err(|_| SealError::FileKey)?;
        Ok(FileKey {
            cipher: XChaCha20Poly1305::new(&key),
            wrapped: B64.encode(wrapped),
        })
    }

    fn open_file_key(&self, wrapped: &str) -> Result<FileKey, SealError> {
        let ciphertext = B64.decode(wrapped).map_err(|_| SealError::FileKey)?;
        let key = age::decrypt(&self.identity, &ciphertext).map_err(|_| SealError::FileKey)?;
        if key.len() != 32 {
            return Err(SealError::FileKey);
        }
        Ok(FileKey {
            cipher: XChaCha20Poly1305::new(chacha20poly1305::Key::from_slice(&key)),
            wrapped: wrapped.to_string(),
        })
    }

    /// The key of a sealed file, from its first line.
    pub fn file_key_of(&self, bytes: &[u8]) -> Result<FileKey, SealError> {
        let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
        let first = std::str::from_utf8(first).map_err(|_| SealError::FileKey)?;
        let rest = first
            .strip_prefix(SEALED_PREFIX)
            .ok_or(SealError::FileKey)?;
        let (wrapped, _) = rest.split_once(' ').ok_or(SealError::FileKey)?;
        self.open_file_key(wrapped)
    }

    /// Seals a whole text (a file written at once): the same line-by-line form.
    pub fn seal_text(&self, text: &str) -> Result<String, SealError> {
        let file = self.new_file()?;
        let mut out = String::with_capacity(text.len() * 2 + 128);
        for (index, line) in text.split_inclusive('\n').enumerate() {
            let (body, newline) = match line.strip_suffix('\n') {
                Some(body) => (body, "\n"),
                None => (line, ""),
            };
            out.push_str(&file.seal_line(index + 1, body)?);
            out.push_str(newline);
        }
        if text.is_empty() {
            out.push_str(&file.seal_line(1, "")?);
        }
        Ok(out)
    }

    /// Opens a sealed file's bytes into its plaintext, line for line. A last
    /// line that does not open because it was cut short (no newline after it)
    /// is returned apart, as the torn tail of a crash.
    pub fn open_text(&self, bytes: &[u8]) -> Result<Opened, SealError> {
        let text = std::str::from_utf8(bytes).map_err(|error| {
            let line = bytes[..error.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            SealError::Line { line }
        })?;
        let mut plain = String::with_capacity(text.len());
        let mut file: Option<FileKey> = None;
        let mut torn = None;
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        for (index, raw) in lines.iter().enumerate() {
            let number = index + 1;
            let last = number == lines.len();
            let (body, complete) = match raw.strip_suffix('\n') {
                Some(body) => (body, true),
                None => (*raw, false),
            };
            let opened = (|| {
                let sealed = if number == 1 {
                    let rest = body.strip_prefix(SEALED_PREFIX).ok_or(SealError::FileKey)?;
                    let (wrapped, sealed) =
                        rest.split_once(' ').ok_or(SealError::Line { line: 1 })?;
                    file = Some(self.open_file_key(wrapped)?);
                    sealed
                } else {
                    body
                };
                let key = file.as_ref().ok_or(SealError::FileKey)?;
                key.open_line(number, sealed)
            })();
            match opened {
                Ok(line) => {
                    plain.push_str(&line);
                    if complete {
                        plain.push('\n');
                    }
                }
                Err(SealError::Line { .. }) if last && !complete && number > 1 => {
                    torn = Some(raw.as_bytes().to_vec());
                }
                Err(error) => return Err(error),
            }
        }
        Ok(Opened { text: plain, torn })
    }
}

/// A sealed file opened.
#[derive(Debug, PartialEq, Eq)]
pub struct Opened {
    /// The plaintext, line for line.
    pub text: String,
    /// The sealed bytes of a last line cut short by a crash, if any.
    pub torn: Option<Vec<u8>>,
}

impl FileKey {
    /// Line `number` (from 1) sealed, without its newline. Line 1 carries the
    /// wrapped file key in front.
    pub fn seal_line(&self, number: usize, line: &str) -> Result<String, SealError> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let aad = (number as u64).to_be_bytes();
        let ciphertext = self
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: line.as_bytes(),
                    aad: &aad,
                },
            )
            .map_err(|_| SealError::Line { line: number })?;
        let mut bytes = Vec::with_capacity(NONCE_LEN + ciphertext.len());
        bytes.extend_from_slice(nonce.as_slice());
        bytes.extend_from_slice(&ciphertext);
        let sealed = B64.encode(bytes);
        Ok(if number == 1 {
            format!("{SEALED_PREFIX}{} {sealed}", self.wrapped)
        } else {
            sealed
        })
    }

    fn open_line(&self, number: usize, sealed: &str) -> Result<String, SealError> {
        let bad = || SealError::Line { line: number };
        let bytes = B64
            .decode(sealed.trim_end_matches('\r'))
            .map_err(|_| bad())?;
        if bytes.len() < NONCE_LEN {
            return Err(bad());
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let aad = (number as u64).to_be_bytes();
        let plain = self
            .cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: &aad,
                },
            )
            .map_err(|_| bad())?;
        String::from_utf8(plain).map_err(|_| bad())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_with_passphrase(root: &Path, passphrase: &str) -> StoreKey {
        // A low scrypt factor keeps the tests fast; the format is the same.
        let identity = age::x25519::Identity::generate();
        let mut scrypt = age::scrypt::Recipient::new(SecretString::from(passphrase.to_string()));
        scrypt.set_work_factor(4);
        let ciphertext =
            age::encrypt(&scrypt, identity.to_string().expose_secret().as_bytes()).unwrap();
        let seal = SealFile {
            version: 1,
            recipient: identity.to_public().to_string(),
            sealed_identity: Some(B64.encode(ciphertext)),
        };
        std::fs::write(root.join(SEAL_FILE), ron::to_string(&seal).unwrap()).unwrap();
        unlock(
            root,
            &Unlock::Passphrase(SecretString::from(passphrase.to_string())),
        )
        .unwrap()
    }

    #[test]
    fn a_sealed_text_opens_line_for_line_and_hides_its_words() {
        let dir = tempfile::tempdir().unwrap();
        let key = key_with_passphrase(dir.path(), "correct horse");
        let text = "(version:1,group:\"g\")\n(id:1,text:\"Dana spoke of her mother\")\n";
        let sealed = key.seal_text(text).unwrap();
        assert!(sealed.starts_with(SEALED_PREFIX));
        assert_eq!(sealed.lines().count(), 2, "one sealed line per line");
        assert!(!sealed.contains("Dana") && !sealed.contains("mother"));
        let opened = key.open_text(sealed.as_bytes()).unwrap();
        assert_eq!(
            opened,
            Opened {
                text: text.into(),
                torn: None
            }
        );
    }

    #[test]
    fn an_appended_line_opens_and_a_torn_one_is_set_apart() {
        let dir = tempfile::tempdir().unwrap();
        let key = key_with_passphrase(dir.path(), "pw");
        let file = key.new_file().unwrap();
        let mut bytes = String::new();
        for (index, line) in ["header", "event one", "event two"].iter().enumerate() {
            bytes.push_str(&file.seal_line(index + 1, line).unwrap());
            bytes.push('\n');
        }
        let fourth = file.seal_line(4, "event three").unwrap();
        bytes.push_str(&fourth[..fourth.len() / 2]);
        let opened = key.open_text(bytes.as_bytes()).unwrap();
        assert_eq!(opened.text, "header\nevent one\nevent two\n");
        assert_eq!(
            opened.torn.as_deref(),
            Some(&fourth.as_bytes()[..fourth.len() / 2])
        );
    }

    #[test]
    fn lines_swapped_or_changed_do_not_open() {
        let dir = tempfile::tempdir().unwrap();
        let key = key_with_passphrase(dir.path(), "pw");
        let sealed = key.seal_text("a\nb\nc\n").unwrap();
        let lines: Vec<&str> = sealed.lines().collect();
        let swapped = format!("{}\n{}\n{}\n", lines[0], lines[2], lines[1]);
        assert_eq!(
            key.open_text(swapped.as_bytes()),
            Err(SealError::Line { line: 2 })
        );
        let mut changed = lines[1].to_string().into_bytes();
        changed[10] = if changed[10] == b'A' { b'B' } else { b'A' };
        let changed = format!(
            "{}\n{}\n{}\n",
            lines[0],
            String::from_utf8(changed).unwrap(),
            lines[2]
        );
        assert_eq!(
            key.open_text(changed.as_bytes()),
            Err(SealError::Line { line: 2 })
        );
    }

    #[test]
    fn a_wrong_passphrase_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        key_with_passphrase(dir.path(), "right");
        let error = unlock(
            dir.path(),
            &Unlock::Passphrase(SecretString::from("wrong".to_string())),
        )
        .unwrap_err();
        assert_eq!(error, SealError::WrongPassphrase(dir.path().to_path_buf()));
        assert!(error.to_string().contains("wrong passphrase"));
    }

    #[test]
    fn another_stores_key_does_not_open_a_file() {
        let one = tempfile::tempdir().unwrap();
        let two = tempfile::tempdir().unwrap();
        let first = key_with_passphrase(one.path(), "pw");
        let second = key_with_passphrase(two.path(), "pw");
        let sealed = first.seal_text("secret\n").unwrap();
        assert_eq!(second.open_text(sealed.as_bytes()), Err(SealError::FileKey));
    }

    #[test]
    fn an_identity_file_opens_a_store_sealed_for_it() {
        let dir = tempfile::tempdir().unwrap();
        let identity_path = dir.path().join("key.txt");
        let made = new_seal(&Unlock::IdentityFile(identity_path.clone())).unwrap();
        std::fs::write(dir.path().join(SEAL_FILE), made.seal).unwrap();
        let (path, text) = made.identity_file.unwrap();
        assert_eq!(path, identity_path);
        std::fs::write(&path, text).unwrap();
        let key = made.key;
        let sealed = key.seal_text("x\n").unwrap();
        let again = unlock(dir.path(), &Unlock::IdentityFile(identity_path.clone())).unwrap();
        assert_eq!(again.open_text(sealed.as_bytes()).unwrap().text, "x\n");
        let error = unlock(
            dir.path(),
            &Unlock::Passphrase(SecretString::from("pw".to_string())),
        )
        .unwrap_err();
        assert!(error.to_string().contains("identity file"), "{error}");
    }
}

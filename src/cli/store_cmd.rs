//! `groupscribe store encrypt|decrypt`, and how a sealed store is asked for.

use crate::store::keyring::{self, IDENTITY_ENV, PASSPHRASE_ENV};
use crate::store::seal::Unlock;
use crate::store::{StoreError, convert};
use age::secrecy::SecretString;
use clap::Subcommand;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Encrypt every record of the store (asks for a new passphrase twice).
    Encrypt {
        /// Keep the store's key in this new identity file (0600) instead of
        /// behind a passphrase; keep it apart from the store.
        #[arg(long, value_name = "FILE")]
        identity: Option<PathBuf>,
    },
    /// Decrypt every record of the store back to plain RON.
    Decrypt,
}

fn ask(prompt: &str) -> Result<SecretString, StoreError> {
    rpassword::prompt_password(prompt)
        .map(SecretString::from)
        .map_err(StoreError::io(Path::new("/dev/tty"), "read the passphrase"))
}

/// Installs the terminal prompt that asks, once per run, for the passphrase
/// of a sealed store (before the full-screen app starts, or on a command).
pub fn install_prompt() {
    keyring::set_unlocker(Box::new(|root: &Path| {
        if !std::io::stdin().is_terminal() {
            return Err(StoreError::Invalid {
                path: root.to_path_buf(),
                what: "the store is encrypted".into(),
                hint: format!(
                    "Run it in a terminal to be asked, or set {PASSPHRASE_ENV} (or {IDENTITY_ENV}=FILE)."
                ),
            });
        }
        ask(&format!(
            "Passphrase for the encrypted store {}: ",
            root.display()
        ))
        .map(Unlock::Passphrase)
    }));
}

fn new_unlock(identity: Option<PathBuf>, root: &Path) -> Result<Unlock, StoreError> {
    if let Some(path) = identity {
        return Ok(Unlock::IdentityFile(path));
    }
    if let Some(how) = keyring::unlock_from_env() {
        return Ok(how);
    }
    let first = ask(&format!("New passphrase for {}: ", root.display()))?;
    let again = ask("The same passphrase again: ")?;
    use age::secrecy::ExposeSecret;
    if first.expose_secret() != again.expose_secret() {
        return Err(StoreError::Invalid {
            path: root.to_path_buf(),
            what: "the two passphrases differ".into(),
            hint: "Nothing was changed. Run again.".into(),
        });
    }
    if first.expose_secret().chars().count() < 8 {
        return Err(StoreError::Invalid {
            path: root.to_path_buf(),
            what: "the passphrase is shorter than 8 characters".into(),
            hint: "Nothing was changed. Choose a longer one (a few words).".into(),
        });
    }
    Ok(Unlock::Passphrase(first))
}

pub fn run(command: StoreCommand, root: &Path) -> anyhow::Result<()> {
    match command {
        StoreCommand::Encrypt { identity } => {
            let how = new_unlock(identity.clone(), root)?;
            let done = convert::encrypt(root, &how)?;
            println!(
                "Encrypted {} files in {} groups of {}.",
                done.files,
                done.groups,
                root.display()
            );
            if let Some(path) = identity {
                println!(
                    "Its key is in {}: keep it safe and apart from the store; without it the records cannot be read.",
                    path.display()
                );
            } else {
                println!("Without the passphrase the records cannot be read: keep it safe.");
            }
        }
        StoreCommand::Decrypt => {
            let done = convert::decrypt(root)?;
            println!(
                "Decrypted {} files in {} groups of {}: the records are plain RON again.",
                done.files,
                done.groups,
                root.display()
            );
        }
    }
    Ok(())
}

/// Warns that `out` receives plaintext from a sealed store.
pub fn warn_plaintext(session: &Path, out: &Path) {
    if keyring::sealed_root_of(session).is_some() {
        eprintln!(
            "groupscribe: warning: {} is written in plain text, outside the store's encryption.",
            out.display()
        );
    }
}

//! RON in and out, with the version check every file gets before anything else.

use super::FileError;
use crate::model::SCHEMA_VERSION;
use ron::extensions::Extensions;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use std::path::Path;

fn options() -> ron::Options {
    // Hand-written files may say `alias: "Ana R."` instead of `alias: Some("Ana R.")`.
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

#[derive(Deserialize)]
struct VersionProbe {
    version: u32,
}

/// Parses one RON value found at `line_offset` lines into `path`.
pub fn parse<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    line_offset: usize,
) -> Result<T, FileError> {
    options()
        .from_str(text)
        .map_err(|error| FileError::parse(path, &error, line_offset))
}

/// Parses a value that carries a `version`, refusing files from a newer groupscribe
/// before reading anything else (their other fields may mean something new).
pub fn parse_versioned<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    line_offset: usize,
) -> Result<T, FileError> {
    if let Ok(VersionProbe { version }) = options().from_str::<VersionProbe>(text)
        && version > SCHEMA_VERSION
    {
        return Err(FileError::NewerVersion {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    parse(path, text, line_offset)
}

/// One value on one line: newlines inside strings are escaped by RON.
pub fn to_line<T: Serialize>(path: &Path, value: &T) -> Result<String, FileError> {
    let mut line = ron::to_string(value).map_err(|error| FileError::Invalid {
        path: path.to_path_buf(),
        what: format!("could not encode a value: {error}"),
        hint: "This is a bug in groupscribe; nothing was written.".into(),
    })?;
    line.push('\n');
    Ok(line)
}

pub fn to_pretty<T: Serialize>(path: &Path, value: &T) -> Result<String, FileError> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .indentor("  ".to_string());
    let mut text =
        ron::ser::to_string_pretty(value, config).map_err(|error| FileError::Invalid {
            path: path.to_path_buf(),
            what: format!("could not encode a value: {error}"),
            hint: "This is a bug in groupscribe; nothing was written.".into(),
        })?;
    text.push('\n');
    Ok(text)
}

//! The fuzz harness shared by `tests/fuzz.rs` (a bounded run and the corpus of
//! every case found, in `cargo test`) and `examples/fuzz.rs` (the long run).
//!
//! Structure-aware mutation of real files: each input is a seed (a file from
//! the repository: a sample session, group.ron, the themes, a keymap, a config,
//! AMI's RTTM and UEM, the note templates) with one to three changes made to
//! its tokens (a number made extreme, a string made huge or full of control
//! characters, a name swapped, a field or line dropped or doubled, the text cut
//! short), or, first, the seed cut at every byte. Each input is run through the
//! entry point the CLI uses (`check`, `import rttm` up to the write, `note
//! --template`) in a store of its own, and must: not panic (a panic hook counts
//! them, `catch_unwind` keeps going), end within 2 s (a watchdog thread), and
//! write no file (the store's listing, names, lengths and times, is the same
//! after each run).

#![allow(dead_code)]

use groupscribe::cli::{ImportRttm, check, prepare_rttm};
use groupscribe::model::{NameStyle, Timestamp};
use groupscribe::note::{self, NoteFacts, NoteOptions};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime};

pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");
pub const SLUG: &str = "thursday-peer-support";
/// An input that has used this much CPU is a hang (the release long run).
/// CPU time, not wall time: on a loaded machine a 300 ms input can take
/// seconds of wall time, and a false hang would stop the run.
pub const HANG: Duration = Duration::from_secs(2);
/// In the long run, an input still running after this much wall time is a
/// hang too, however little CPU it used (one that blocks, say on a lock).
pub const HANG_WALL: Duration = Duration::from_secs(30);
/// The same in `cargo test`: a debug build on a loaded machine is many times
/// slower, and this is not a timing assertion, only a catch for a run that
/// does not end.
pub const HANG_IN_DEBUG: Duration = Duration::from_secs(60);
/// Real files are small: a mutated input is cut to this length.
pub const MAX_INPUT: usize = 1 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Loader {
    Session,
    Group,
    Theme,
    Keymap,
    Config,
    Rttm,
    Uem,
    Template,
}

impl Loader {
    pub const ALL: [Loader; 8] = [
        Loader::Session,
        Loader::Group,
        Loader::Theme,
        Loader::Keymap,
        Loader::Config,
        Loader::Rttm,
        Loader::Uem,
        Loader::Template,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Loader::Session => "session",
            Loader::Group => "group",
            Loader::Theme => "theme",
            Loader::Keymap => "keymap",
            Loader::Config => "config",
            Loader::Rttm => "rttm",
            Loader::Uem => "uem",
            Loader::Template => "template",
        }
    }

    pub fn from_name(name: &str) -> Option<Loader> {
        Loader::ALL.into_iter().find(|loader| loader.name() == name)
    }

    /// Where in the store the input is put, as the CLI would find it.
    fn input_path(self, store: &Path) -> PathBuf {
        match self {
            Loader::Session => store.join(SLUG).join("2026-11-19-s03.ron"),
            Loader::Group => store.join(SLUG).join("group.ron"),
            Loader::Theme => store.join("themes").join("fuzzed.ron"),
            Loader::Keymap => store.join("keymap.ron"),
            Loader::Config => store.join("config.ron"),
            Loader::Rttm => store.join("meeting.rttm"),
            Loader::Uem => store.join("meeting.uem"),
            Loader::Template => store.join("note.md.j2"),
        }
    }

    /// The real files each input is made from.
    pub fn seeds(self) -> Vec<Vec<u8>> {
        let read = |path: &str| {
            std::fs::read_to_string(Path::new(ROOT).join(path))
                .unwrap_or_else(|error| panic!("seed {path}: {error}"))
        };
        let text: Vec<String> = match self {
            Loader::Session => {
                let mut seeds = Vec::new();
                for name in ["2026-11-05-s01", "2026-11-12-s02", "2026-11-19-s03"] {
                    let text = read(&format!("sessions/{SLUG}/{name}.sample.ron"));
                    let lines: Vec<&str> = text.lines().collect();
                    // The start (with the header's snapshot) and the end (with
                    // `Ended`), each short enough for a million runs.
                    seeds.push(format!("{}\n", lines[..lines.len().min(24)].join("\n")));
                    let tail = &lines[lines.len().saturating_sub(16)..];
                    seeds.push(format!("{}\n{}\n", lines[0], tail.join("\n")));
                }
                seeds
            }
            Loader::Group => vec![read(&format!("sessions/{SLUG}/group.ron"))],
            Loader::Theme => ["default", "light", "high-contrast", "colour-blind"]
                .iter()
                .map(|name| read(&format!("themes/{name}.ron")))
                .collect(),
            Loader::Keymap => vec![
                "(version: 1, keys: { mutual_aid: \"M\", end: \"ctrl-q\", silence: \"z\", segment: \"ctrl-g\", \
                 start: \"n\", leave: \"L\" })\n"
                    .into(),
                "(keys: {})\n".into(),
            ],
            Loader::Config => vec![
                "(\n  version: 1,\n  store: \"/home/sam/records\",\n  theme: \"high-contrast\",\n  \
                 names: Initials,\n  keys: { mutual_aid: \"M\" },\n  facilitator: \"Sam Okafor\",\n  \
                 co_facilitator: \"Lee Park\",\n  note_style: Some(Dap),\n)\n"
                    .into(),
                "(names: Some(full))\n".into(),
            ],
            Loader::Rttm => {
                let text = read("tests/data/rttm/IS1009a.only_words.rttm");
                let lines: Vec<&str> = text.lines().collect();
                vec![
                    format!("{}\n", lines[..30].join("\n")),
                    format!("{}\n", lines[lines.len() - 20..].join("\n")),
                ]
            }
            Loader::Uem => vec![
                read("tests/data/rttm/IS1009a.uem"),
                "IS1009a 1 10.5 120.25\nIS1009a 1 130 200\n".into(),
            ],
            Loader::Template => {
                let mut seeds = vec![note::EXAMPLE_TEMPLATE.to_string()];
                seeds.extend(
                    note::STYLE_TEMPLATES
                        .iter()
                        .map(|(_, _, source)| source.to_string()),
                );
                seeds
            }
        };
        text.into_iter().map(String::into_bytes).collect()
    }
}

// ---------------------------------------------------------------------------
// Randomness: splitmix64, seeded, so that a run is repeated exactly.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------
// Tokens: enough of RON (and of RTTM's and Jinja's words) to mutate one thing.

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Number,
    Str,
    Ident,
    Other,
}

#[derive(Debug, Clone, Copy)]
struct Token {
    kind: Kind,
    start: usize,
    end: usize,
}

fn tokens(text: &[u8]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let c = text[i];
        let start = i;
        let kind = if c == b'"' {
            i += 1;
            while i < text.len() && text[i] != b'"' {
                if text[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i = (i + 1).min(text.len());
            Kind::Str
        } else if c.is_ascii_digit()
            || (c == b'-' && text.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            i += 1;
            while i < text.len()
                && (text[i].is_ascii_alphanumeric() || matches!(text[i], b'.' | b'+' | b'-' | b'_'))
            {
                i += 1;
            }
            Kind::Number
        } else if c.is_ascii_alphabetic() || c == b'_' {
            while i < text.len() && (text[i].is_ascii_alphanumeric() || text[i] == b'_') {
                i += 1;
            }
            Kind::Ident
        } else {
            i += 1;
            Kind::Other
        };
        out.push(Token {
            kind,
            start,
            end: i,
        });
    }
    out
}

const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "-0",
    "1",
    "255",
    "256",
    "65535",
    "65536",
    "2147483647",
    "-2147483648",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "340282366920938463463374607431768211456",
    "1e308",
    "1e309",
    "-1e308",
    "0e2147483647",
    "1e-400",
    "4.9e-324",
    "NaN",
    "inf",
    "-inf",
    "0x7fffffff",
    "0b1111",
    "1_000_000",
    "99999999999999999999999999999999999999999999999999.5",
    "0.000000000000000000000000000000000000000000000000001",
];

/// Times at and past chrono's limits, at 1970, in other zones, malformed.
const TIMES: &[&str] = &[
    "\"+262142-12-31T23:59:59Z\"",
    "\"-262143-01-01T00:00:00Z\"",
    "\"+262143-12-31T23:59:59.999999999+23:59\"",
    "\"1970-01-01T00:00:00Z\"",
    "\"0000-01-01T00:00:00Z\"",
    "\"9999-12-31T23:59:59Z\"",
    "\"2026-11-19T18:00:00+14:00\"",
    "\"2026-11-19T18:00:00-12:00\"",
    "\"2026-02-30T18:00:00Z\"",
    "\"2026-11-19T24:00:00Z\"",
    "\"2026-11-19T18:00:60Z\"",
    "\"2026-11-19\"",
    "\"2126-11-19T18:00:00Z\"",
    "\"1926-11-19T18:00:00Z\"",
];

fn hostile_strings() -> &'static [String] {
    static STRINGS: OnceLock<Vec<String>> = OnceLock::new();
    STRINGS.get_or_init(|| {
        let mut strings: Vec<String> = [
            "",
            " ",
            "\\u{1b}[2J\\u{1b}[31mred",
            "\\u{1b}]0;owned\\u{7}",
            "\\u{1b}]8;;http://x\\u{1b}\\\\link",
            "\\u{9b}31m",
            "\\u{7}\\u{8}\\u{0}",
            "\\r\\n\\t",
            "\\u{202e}reversed",
            "e\\u{301}\\u{301}\\u{301}\\u{301}",
            "👩‍👩‍👧‍👧🏳️‍🌈",
            "\\u{fffd}\\u{feff}",
            "\\u{d800}",
            "\\",
            "\\\"",
            "{{ x }}{% for %}",
            "ana",
            "facilitator",
            "co-facilitator",
            "silence",
            "ctrl-c",
            "ctrl-",
            "1",
            "f13",
        ]
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect();
        strings.push(format!("\"{}\"", "x".repeat(70_000)));
        strings.push(format!("\"{}\"", "é".repeat(40_000)));
        strings.push(format!("\"{}\"", "\\u{1b}[1m".repeat(5_000)));
        strings
    })
}

const IDENTS: &[&str] = &[
    "Some",
    "None",
    "true",
    "false",
    "Facilitator",
    "CoFacilitator",
    "Supervisor",
    "Ended",
    "Floor",
    "Silence",
    "Crosstalk",
    "Member",
    "Moment",
    "Record",
    "version",
    "group",
    "id",
    "at",
    "by",
    "kind",
    "SPEAKER",
    "LEXEME",
    "NA",
    "for",
    "endfor",
    "if",
    "endif",
    "range",
    "loop",
    "raise",
    "x",
];

/// Jinja that costs: nested loops, recursion, huge ranges and strings.
const TEMPLATE_BITS: &[&str] = &[
    "{% for a in range(100000) %}{% for b in range(100000) %}{{ a }}{% endfor %}{% endfor %}",
    "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "{{ \"x\" * 100000000 }}",
    "{{ range(1000000000) | list | length }}",
    "{% for x in header %}{{ x }}{% endfor %}",
    "{{ header.group | upper }}{{ members | length }}",
    "{% set x = [1] * 10000000 %}{{ x | length }}",
    "{% raw %}",
    "{% endfor %}",
    "{{",
    "}}",
    "{% include \"/etc/passwd\" %}",
    "{% extends \"x\" %}",
    "{{ 1 / 0 }}",
    "{{ 9223372036854775807 + 1 }}",
    "\u{1b}]0;title\u{7}",
];

/// A few RON shapes that stress a parser: deep nesting, long lists.
fn structural(rng: &mut Rng) -> Vec<u8> {
    match rng.below(6) {
        0 => "(".repeat(20_000).into_bytes(),
        1 => "[".repeat(100_000).into_bytes(),
        2 => "Some(".repeat(5_000).into_bytes(),
        3 => format!("[{}]", "1,".repeat(50_000)).into_bytes(),
        4 => "{\"a\":".repeat(5_000).into_bytes(),
        _ => "/*".repeat(10_000).into_bytes(),
    }
}

/// One input from a seed: one to three mutations.
pub fn mutate(seed: &[u8], others: &[Vec<u8>], loader: Loader, rng: &mut Rng) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..1 + rng.below(3) {
        data = mutate_once(&data, others, loader, rng);
        data.truncate(MAX_INPUT);
    }
    data
}

fn splice(data: &[u8], start: usize, end: usize, with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + with.len());
    out.extend_from_slice(&data[..start]);
    out.extend_from_slice(with);
    out.extend_from_slice(&data[end..]);
    out
}

fn line_spans(data: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, &b) in data.iter().enumerate() {
        if b == b'\n' {
            spans.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < data.len() {
        spans.push((start, data.len()));
    }
    spans
}

fn mutate_once(data: &[u8], others: &[Vec<u8>], loader: Loader, rng: &mut Rng) -> Vec<u8> {
    let toks = tokens(data);
    let of_kind =
        |kind: Kind| -> Vec<Token> { toks.iter().copied().filter(|t| t.kind == kind).collect() };
    match rng.below(16) {
        // A number to an extreme.
        0..=2 => {
            let numbers = of_kind(Kind::Number);
            if numbers.is_empty() {
                return data.to_vec();
            }
            let t = *rng.pick(&numbers);
            splice(data, t.start, t.end, rng.pick(NUMBERS).as_bytes())
        }
        // A string to something hostile, or a time to an extreme.
        3..=5 => {
            let strings = of_kind(Kind::Str);
            if strings.is_empty() {
                return data.to_vec();
            }
            let t = *rng.pick(&strings);
            let with: &str = if rng.below(3) == 0 {
                rng.pick::<&str>(TIMES)
            } else {
                rng.pick(hostile_strings()).as_str()
            };
            let with = if loader == Loader::Rttm || loader == Loader::Uem {
                with.trim_matches('"')
            } else {
                with
            };
            splice(data, t.start, t.end, with.as_bytes())
        }
        // A name (field, variant) swapped for another.
        6 => {
            let idents = of_kind(Kind::Ident);
            if idents.is_empty() {
                return data.to_vec();
            }
            let t = *rng.pick(&idents);
            let with: Vec<u8> = if rng.below(2) == 0 {
                let u = *rng.pick(&idents);
                data[u.start..u.end].to_vec()
            } else {
                rng.pick(IDENTS).as_bytes().to_vec()
            };
            splice(data, t.start, t.end, &with)
        }
        // A token dropped, or doubled.
        7 => {
            if toks.is_empty() {
                return data.to_vec();
            }
            let t = *rng.pick(&toks);
            if rng.below(2) == 0 {
                splice(data, t.start, t.end, b"")
            } else {
                let copy = data[t.start..t.end].to_vec();
                splice(data, t.end, t.end, &copy)
            }
        }
        // A field dropped: from a name to the next comma.
        8 => {
            let idents = of_kind(Kind::Ident);
            if idents.is_empty() {
                return data.to_vec();
            }
            let t = *rng.pick(&idents);
            let end = data[t.end..]
                .iter()
                .position(|&b| b == b',' || b == b'\n')
                .map_or(data.len(), |p| t.end + p + 1);
            splice(data, t.start, end, b"")
        }
        // A line dropped, doubled, moved, or repeated many times.
        9 | 10 => {
            let lines = line_spans(data);
            if lines.is_empty() {
                return data.to_vec();
            }
            let (start, end) = *rng.pick(&lines);
            let line = data[start..end].to_vec();
            match rng.below(4) {
                0 => splice(data, start, end, b""),
                1 => splice(data, end, end, &line),
                2 => {
                    let (at, _) = *rng.pick(&lines);
                    let without = splice(data, start, end, b"");
                    let at = at.min(without.len());
                    splice(&without, at, at, &line)
                }
                _ => splice(data, end, end, &line.repeat(1 + rng.below(2_000))),
            }
        }
        // Cut short anywhere (a torn write), maybe mid-character.
        11 => {
            let at = rng.below(data.len() + 1);
            data[..at].to_vec()
        }
        // A byte changed, inserted or removed.
        12 => {
            if data.is_empty() {
                return vec![rng.next() as u8];
            }
            let at = rng.below(data.len());
            let byte = *rng.pick(&[
                0u8, 0x1b, 0x07, 0x9b, 0xff, 0xc3, b'\n', b'"', b'(', b')', b',',
            ]) ^ if rng.below(4) == 0 {
                rng.next() as u8
            } else {
                0
            };
            match rng.below(3) {
                0 => splice(data, at, at + 1, &[byte]),
                1 => splice(data, at, at, &[byte]),
                _ => splice(data, at, at + 1, b""),
            }
        }
        // A line of another seed of this loader put in.
        13 => {
            let other = rng.pick(others);
            let lines = line_spans(other);
            if lines.is_empty() {
                return data.to_vec();
            }
            let (start, end) = *rng.pick(&lines);
            let spans = line_spans(data);
            let at = if spans.is_empty() {
                0
            } else {
                rng.pick(&spans).0
            };
            splice(data, at, at, &other[start..end])
        }
        // Something structural at a token boundary.
        14 => {
            let at = toks.get(rng.below(toks.len())).map_or(0, |t| t.start);
            let with = if loader == Loader::Template {
                rng.pick(TEMPLATE_BITS).as_bytes().to_vec()
            } else {
                structural(rng)
            };
            splice(data, at, at, &with)
        }
        // Loader-specific: a Jinja bit for templates; an RTTM field count changed.
        _ => {
            if loader == Loader::Template {
                let at = toks.get(rng.below(toks.len())).map_or(0, |t| t.start);
                return splice(data, at, at, rng.pick(TEMPLATE_BITS).as_bytes());
            }
            let at = toks.get(rng.below(toks.len())).map_or(0, |t| t.start);
            const BITS: [&[u8]; 6] = [b" ", b"\t", b"\r", b"\n", b"\x00", b"\xef\xbb\xbf"];
            splice(data, at, at, rng.pick::<&[u8]>(&BITS))
        }
    }
}

// ---------------------------------------------------------------------------
// Running an input.

/// A store of its own for one loader: the sample group and session, the
/// input's file in place; and the listing every run must leave as it is.
pub struct Bench {
    pub loader: Loader,
    _dir: tempfile::TempDir,
    pub store: PathBuf,
    input: PathBuf,
    baseline: BTreeMap<PathBuf, (u64, SystemTime)>,
    facts: Option<NoteFacts>,
}

fn now() -> Timestamp {
    chrono::DateTime::parse_from_rfc3339("2026-12-01T12:00:00+00:00").unwrap_or_default()
}

impl Bench {
    pub fn new(loader: Loader) -> Bench {
        let dir = tempfile::tempdir().expect("a temp dir");
        let store = dir.path().join("store");
        let folder = store.join(SLUG);
        std::fs::create_dir_all(&folder).expect("the group folder");
        std::fs::create_dir_all(store.join("themes")).expect("the themes folder");
        let sample = Path::new(ROOT).join("sessions").join(SLUG);
        std::fs::copy(sample.join("group.ron"), folder.join("group.ron")).expect("group.ron");
        for name in ["2026-11-05-s01", "2026-11-12-s02"] {
            std::fs::copy(
                sample.join(format!("{name}.sample.ron")),
                folder.join(format!("{name}.ron")),
            )
            .expect("a sample session");
        }
        let rttm = Loader::Rttm.seeds().remove(0);
        std::fs::write(store.join("meeting.rttm"), rttm).expect("the RTTM");
        std::fs::write(store.join("meeting.uem"), Loader::Uem.seeds().remove(0)).expect("UEM");
        let facts = (loader == Loader::Template).then(|| {
            let path = folder.join("2026-11-12-s02.ron");
            let group = groupscribe::store::load_group(&folder.join("group.ron")).expect("group");
            let loaded = groupscribe::store::load_session(&path, Some(&group)).expect("session");
            let group = loaded.session.group_as_recorded(&group).group;
            NoteFacts::gather(
                &group,
                &loaded.session,
                NoteOptions {
                    names: NameStyle::Alias,
                    redact: false,
                },
                now(),
            )
        });
        let input = loader.input_path(&store);
        std::fs::write(&input, &loader.seeds()[0]).expect("the input");
        let mut bench = Bench {
            loader,
            _dir: dir,
            store,
            input,
            baseline: BTreeMap::new(),
            facts,
        };
        bench.baseline = bench.listing();
        bench
    }

    /// Every file under the store but the input, with its length and time.
    fn listing(&self) -> BTreeMap<PathBuf, (u64, SystemTime)> {
        let mut out = BTreeMap::new();
        let mut folders = vec![self.store.clone()];
        while let Some(folder) = folders.pop() {
            let Ok(entries) = std::fs::read_dir(&folder) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                let Ok(meta) = std::fs::symlink_metadata(&path) else {
                    continue;
                };
                if meta.is_dir() {
                    folders.push(path.clone());
                }
                let stamp = if path == self.input {
                    (0, SystemTime::UNIX_EPOCH)
                } else {
                    (
                        meta.len(),
                        meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
                    )
                };
                out.insert(path, stamp);
            }
        }
        out
    }

    /// Runs one input through the CLI's entry point. `Err` names what went
    /// wrong (never a refusal of a bad file: that is the loader working).
    fn run_once(&self, input: &[u8]) -> Result<bool, String> {
        std::fs::write(&self.input, input).map_err(|e| format!("{NOT_RUN}: {e}"))?;
        if self.loader == Loader::Session {
            same_as_ron(input)?;
        }
        let accepted = match self.loader {
            Loader::Session => match check(&self.input) {
                Ok(report) => {
                    // What `note` does next with a session `check` accepts.
                    let group =
                        groupscribe::store::load_group(&self.input.with_file_name("group.ron"))
                            .map_err(|e| format!("the group: {e}"))?;
                    let loaded = groupscribe::store::load_session(&self.input, Some(&group))
                        .map_err(|e| format!("check accepted, load refused: {e}"))?;
                    let group = loaded.session.group_as_recorded(&group).group;
                    let facts = NoteFacts::gather(
                        &group,
                        &loaded.session,
                        NoteOptions {
                            names: NameStyle::Alias,
                            redact: false,
                        },
                        now(),
                    );
                    let md = note::styled_markdown(&facts, Default::default());
                    let html = note::html(&facts);
                    let _ = note::timeline(&group, &loaded.session, NameStyle::Full);
                    if html.len() > 64 << 20 || md.as_ref().map_or(0, String::len) > 64 << 20 {
                        return Err("a note over 64 MB".into());
                    }
                    std::hint::black_box(report);
                    true
                }
                Err(_) => false,
            },
            Loader::Group | Loader::Theme | Loader::Keymap | Loader::Config => {
                check(&self.input).is_ok()
            }
            Loader::Rttm | Loader::Uem => {
                let args = ImportRttm {
                    file: self.store.join("meeting.rttm"),
                    group: SLUG.into(),
                    uem: (self.loader == Loader::Uem).then(|| self.store.join("meeting.uem")),
                    speakers: Vec::new(),
                    start: chrono::DateTime::parse_from_rfc3339("2026-11-26T18:00:00+00:00")
                        .unwrap_or_default(),
                    again: true,
                };
                match prepare_rttm(&self.store, &args, now()) {
                    Ok(report) => {
                        let text = report.render(NameStyle::Alias);
                        std::hint::black_box(text);
                        true
                    }
                    Err(error) => {
                        std::hint::black_box(format!("{error:#}"));
                        false
                    }
                }
            }
            Loader::Template => {
                // As `note --template` reads it: UTF-8 text.
                match std::str::from_utf8(input) {
                    Ok(source) => match &self.facts {
                        Some(facts) => note::render_template(facts, "note.md.j2", source)
                            .map(|text| {
                                std::hint::black_box(text);
                            })
                            .is_ok(),
                        None => false,
                    },
                    Err(_) => false,
                }
            }
        };
        let after = self.listing();
        if after != self.baseline {
            let added: Vec<_> = (after.iter())
                .filter(|(path, stamp)| self.baseline.get(*path) != Some(stamp))
                .map(|(path, _)| path.display().to_string())
                .chain(
                    (self.baseline.keys())
                        .filter(|path| !after.contains_key(*path))
                        .map(|path| format!("removed {}", path.display())),
                )
                .collect();
            return Err(format!("files written: {}", added.join(", ")));
        }
        Ok(accepted)
    }
}

/// The fast path of event lines (`store::event_line`) reads every line it
/// takes exactly as RON reads it; any line it leaves is RON's anyway.
fn same_as_ron(input: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(input);
    for (index, line) in text.lines().enumerate() {
        if let Some(fast) = groupscribe::store::event_line::turn(line) {
            match groupscribe::store::ron_text::parse::<groupscribe::model::Event>(
                Path::new("fuzzed.ron"),
                line,
                index,
            ) {
                Ok(ron) if ron == fast => {}
                Ok(ron) => {
                    return Err(format!(
                        "line {}: the fast path read {fast:?}, RON {ron:?}",
                        index + 1
                    ));
                }
                Err(error) => {
                    return Err(format!(
                        "line {}: the fast path read a line RON refuses ({error})",
                        index + 1
                    ));
                }
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Panics counted, hangs watched.

thread_local! {
    /// This thread is running an input: its panics are counted, not printed.
    static IN_RUN: Cell<bool> = const { Cell::new(false) };
    static PANICS: Cell<usize> = const { Cell::new(0) };
    static LAST_PANIC: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Counts the panics of a thread running an input (per thread: tests run in
/// parallel); any other panic (a failing assertion) is printed as usual.
fn install_hook() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if IN_RUN.with(Cell::get) {
                PANICS.with(|count| count.set(count.get() + 1));
                LAST_PANIC.with(|last| *last.borrow_mut() = info.to_string());
            } else {
                previous(info);
            }
        }));
    });
}

fn last_panic() -> String {
    LAST_PANIC.with(|last| last.borrow().clone())
}

/// What the watchdog sees: when the input running now began (ms since the
/// start, 0 when idle), and the input.
struct Watch {
    origin: Instant,
    started_ms: AtomicU64,
    input: Mutex<(Loader, Vec<u8>)>,
}

/// The harness could not put the input in place (the machine's disk was
/// full): the input was not run, which is not a finding.
const NOT_RUN: &str = "not run: writing the input failed";

#[derive(Debug, Default, Clone)]
pub struct Tally {
    pub inputs: u64,
    /// Inputs the harness could not run (counted in `inputs`).
    pub not_run: u64,
    pub accepted: u64,
    pub findings: Vec<Finding>,
    pub slowest: Duration,
    pub elapsed: Duration,
}

#[derive(Debug, Clone)]
pub struct Finding {
    pub loader: Loader,
    pub what: String,
    pub input: Vec<u8>,
}

/// How the watchdog tells a hang.
#[derive(Debug, Clone, Copy)]
pub enum Limit {
    /// Wall time since the input began (`cargo test`: other tests share the
    /// process, so its CPU time says nothing about one input).
    Wall(Duration),
    /// The process's CPU time (user + system, every thread) since the input
    /// began, or `wall` of wall time: the long run, one input at a time.
    Cpu { cpu: Duration, wall: Duration },
}

/// The process's CPU time so far, user + system over every thread, from
/// `/proc/self/stat` (in clock ticks of 1/100 s, which /proc always uses).
pub fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 here.
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Runs inputs, one at a time, counting what they do.
pub struct Runner {
    watch: Arc<Watch>,
    /// The longest an input may run.
    pub limit: Limit,
    /// Where a hang's input is written before the process stops.
    pub findings_dir: Option<PathBuf>,
}

impl Runner {
    pub fn new(findings_dir: Option<PathBuf>, limit: Limit) -> Runner {
        install_hook();
        let watch = Arc::new(Watch {
            origin: Instant::now(),
            started_ms: AtomicU64::new(0),
            input: Mutex::new((Loader::Session, Vec::new())),
        });
        let seen = watch.clone();
        let dump = findings_dir.clone();
        std::thread::spawn(move || {
            // The input being watched (its start) and the process's CPU time
            // when the watchdog first saw it running.
            let mut watching: (u64, Option<Duration>) = (0, None);
            loop {
                std::thread::sleep(Duration::from_millis(100));
                let started = seen.started_ms.load(Ordering::SeqCst);
                let now = seen.origin.elapsed().as_millis() as u64;
                let wall = Duration::from_millis(now.saturating_sub(started));
                let over = started != 0
                    && match limit {
                        Limit::Wall(most) => wall > most,
                        Limit::Cpu { cpu, wall: most } => {
                            if watching.0 != started {
                                watching = (started, process_cpu());
                            }
                            let used = match (process_cpu(), watching.1) {
                                (Some(now), Some(then)) => now.saturating_sub(then),
                                _ => wall,
                            };
                            used > cpu || wall > most
                        }
                    };
                if over {
                    let (loader, input) = seen
                        .input
                        .lock()
                        .map(|guard| guard.clone())
                        .unwrap_or((Loader::Session, Vec::new()));
                    let name = format!("hang-{}-{:016x}", loader.name(), digest(&input));
                    if let Some(dir) = &dump {
                        let _ = std::fs::create_dir_all(dir);
                        let _ = std::fs::write(dir.join(&name), &input);
                    }
                    eprintln!(
                        "HANG: a {} input ran over {:?} ({:?} of wall time; {} bytes, saved as {name}); stopping.",
                        loader.name(),
                        limit,
                        wall,
                        input.len()
                    );
                    std::process::exit(3);
                }
            }
        });
        Runner {
            watch,
            limit,
            findings_dir,
        }
    }

    /// Runs one input; a finding is added to `tally`.
    pub fn run(&self, bench: &Bench, input: Vec<u8>, tally: &mut Tally) {
        if let Ok(mut guard) = self.watch.input.lock() {
            *guard = (bench.loader, input.clone());
        }
        let begun = Instant::now();
        self.watch.started_ms.store(
            (self.watch.origin.elapsed().as_millis() as u64).max(1),
            Ordering::SeqCst,
        );
        let panics = PANICS.with(Cell::get);
        IN_RUN.with(|flag| flag.set(true));
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| bench.run_once(&input)));
        IN_RUN.with(|flag| flag.set(false));
        self.watch.started_ms.store(0, Ordering::SeqCst);
        let took = begun.elapsed();
        tally.slowest = tally.slowest.max(took);
        tally.inputs += 1;
        let problem = match result {
            Ok(Ok(accepted)) => {
                tally.accepted += u64::from(accepted);
                None
            }
            Ok(Err(what)) if what.starts_with(NOT_RUN) => {
                tally.not_run += 1;
                None
            }
            Ok(Err(what)) => Some(what),
            Err(_) => Some(format!("panic: {}", last_panic())),
        };
        let problem = problem.or_else(|| {
            (PANICS.with(Cell::get) != panics)
                .then(|| format!("panic (caught inside): {}", last_panic()))
        });
        if let Some(what) = problem {
            if let Some(dir) = &self.findings_dir {
                let _ = std::fs::create_dir_all(dir);
                let name = format!("{}-{:016x}", bench.loader.name(), digest(&input));
                let _ = std::fs::write(dir.join(&name), &input);
                let _ = std::fs::write(dir.join(format!("{name}.txt")), &what);
            }
            tally.findings.push(Finding {
                loader: bench.loader,
                what,
                input,
            });
        }
    }

    /// `count` inputs for `loader`: first each seed cut at every byte (while
    /// the count allows, up to a quarter of it; only with seed 1, so that runs
    /// with other seeds add new inputs only), then mutations, from `seed`.
    pub fn campaign(&self, loader: Loader, count: u64, seed: u64) -> Tally {
        let bench = Bench::new(loader);
        let seeds = loader.seeds();
        let mut tally = Tally::default();
        let begun = Instant::now();
        let mut rng = Rng::new(seed ^ loader as u64);
        'cuts: for original in &seeds {
            for at in 0..=original.len() {
                if seed != 1 || tally.inputs >= count / 4 {
                    break 'cuts;
                }
                self.run(&bench, original[..at].to_vec(), &mut tally);
            }
        }
        while tally.inputs < count {
            let original = rng.pick(&seeds);
            let input = mutate(original, &seeds, loader, &mut rng);
            self.run(&bench, input, &mut tally);
        }
        tally.elapsed = begun.elapsed();
        tally
    }
}

/// FNV-1a, to name an input's file.
pub fn digest(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The corpus of cases found (and made by hand), per loader: tests/data/fuzz/<loader>/*.
pub fn corpus(loader: Loader) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(ROOT).join("tests/data/fuzz").join(loader.name());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_none_or(|ext| ext != "txt"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
        .into_iter()
        .filter_map(|path| std::fs::read(&path).ok().map(|bytes| (path, bytes)))
        .collect()
}

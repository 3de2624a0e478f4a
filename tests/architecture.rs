//! The module graph, read from the source: every `crate::…` (`groupscribe::…`
//! in main.rs), `super::…` and `self::…` path in `src/**/*.rs` (comments and strings skipped) becomes an
//! arrow from the module that writes it to the module it names.
//!
//! Two rules, as README "Design" shows them:
//! - between top-level modules, arrows only point down the declared layers
//!   (so there are no cycles among them either);
//! - inside a top-level module, the arrows between its direct children form no
//!   cycle (`note::display` and `note::facts` once imported each other).
//!
//! And: nothing outside the terminal side (`tui`, `theme`, `cli`, `main`)
//! names `ratatui` or `crossterm`.
//!
//! `cargo test --test architecture -- --nocapture` prints the graph.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Bottom first. A module may use modules of lower layers only.
const LAYERS: &[&[&str]] = &[
    &["model"],
    &["diag", "clock", "watch"],
    &["store", "metrics"],
    &["note", "interop", "theme", "config", "sample", "report"],
    &["tui"],
    &["cli"],
    &["main"],
];

/// Top-level modules that may name ratatui or crossterm. `theme` maps a theme
/// file to ratatui styles (DESIGN.md puts it beside `tui`, on the terminal side);
/// everything below it in the layers knows nothing of terminals.
const TERMINAL_SIDE: &[&str] = &["tui", "theme", "cli", "main"];

/// Cycles between sibling modules that are known and being removed, as
/// (parent, a, b). Each entry must still be a cycle (the test says when it
/// is gone, so the entry is deleted with the fix).
const KNOWN_CYCLES: &[(&str, &str, &str)] = &[];

type Module = Vec<String>;

struct Source {
    file: PathBuf,
    module: Module,
    code: String,
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    files
        .into_iter()
        .filter_map(|file| {
            let relative = file.strip_prefix(&root).ok()?.with_extension("");
            let mut module: Module = relative
                .components()
                .map(|part| part.as_os_str().to_string_lossy().into_owned())
                .collect();
            if module.last().is_some_and(|last| last == "mod") {
                module.pop();
            }
            if module == ["lib"] {
                return None; // the crate root only declares the modules
            }
            let text = fs::read_to_string(&file).ok()?;
            Some(Source {
                code: code_only(&text),
                file,
                module,
            })
        })
        .collect()
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
}

/// The text with comments and the insides of string and char literals blanked,
/// so a path in a doc comment or a message is not an arrow.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == 'r'
            && matches!(next, Some('"' | '#'))
            && !chars
                .get(i.wrapping_sub(1))
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            // r"…" or r#"…"#
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                match chars.get(j) {
                    None => break,
                    Some('"') if (0..hashes).all(|k| chars.get(j + 1 + k) == Some(&'#')) => {
                        j += 1 + hashes;
                        break;
                    }
                    Some(_) => j += 1,
                }
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' {
            // A char literal ('a', '\n', '\u{1F600}') or a lifetime ('a).
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
                out.push_str("' '");
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
                out.push_str("' '");
            } else {
                out.push(c);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    PathSep,
    Open,
    Close,
    Comma,
    Other,
}

fn tokens(code: &str) -> Vec<Token> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token::Ident(chars[start..i].iter().collect()));
            continue;
        }
        if c == ':' && chars.get(i + 1) == Some(&':') {
            out.push(Token::PathSep);
            i += 2;
            continue;
        }
        match c {
            '{' => out.push(Token::Open),
            '}' => out.push(Token::Close),
            ',' => out.push(Token::Comma),
            c if c.is_whitespace() => {}
            _ => out.push(Token::Other),
        }
        i += 1;
    }
    out
}

/// Expands the path tree starting at `tokens[at]` (just after a `::`), e.g.
/// `{model::X, store::{a, b}}`, into its paths; returns them and where it ended.
fn path_tree(tokens: &[Token], at: usize) -> (Vec<Vec<String>>, usize) {
    match tokens.get(at) {
        Some(Token::Ident(name)) => {
            if tokens.get(at + 1) == Some(&Token::PathSep) {
                let (rest, end) = path_tree(tokens, at + 2);
                let mut paths: Vec<Vec<String>> = rest
                    .into_iter()
                    .map(|mut path| {
                        path.insert(0, name.clone());
                        path
                    })
                    .collect();
                if paths.is_empty() {
                    paths.push(vec![name.clone()]);
                }
                (paths, end)
            } else {
                (vec![vec![name.clone()]], at + 1)
            }
        }
        Some(Token::Open) => {
            let mut paths = Vec::new();
            let mut i = at + 1;
            loop {
                match tokens.get(i) {
                    None => break,
                    Some(Token::Close) => {
                        i += 1;
                        break;
                    }
                    Some(Token::Comma) => i += 1,
                    Some(Token::Ident(_) | Token::Open) => {
                        let (inner, end) = path_tree(tokens, i);
                        paths.extend(inner);
                        i = end.max(i + 1);
                    }
                    Some(_) => i += 1,
                }
            }
            (paths, i)
        }
        _ => (Vec::new(), at + 1),
    }
}

/// Every absolute module path (from the crate root) the source names.
fn references(source: &Source) -> Vec<Vec<String>> {
    let tokens = tokens(&source.code);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let start = match &tokens[i] {
            // `groupscribe::` is how main.rs (the binary) names the library.
            Token::Ident(word)
                if matches!(word.as_str(), "crate" | "groupscribe" | "super" | "self") =>
            {
                word
            }
            _ => {
                i += 1;
                continue;
            }
        };
        // Part of a longer path (`foo::self`) or not followed by `::`.
        let after_sep = i > 0 && tokens[i - 1] == Token::PathSep;
        if after_sep || tokens.get(i + 1) != Some(&Token::PathSep) {
            i += 1;
            continue;
        }
        let mut base: Vec<String> = match start.as_str() {
            "crate" | "groupscribe" => Vec::new(),
            "self" => source.module.clone(),
            _ => parent(&source.module),
        };
        let mut j = i + 2;
        // super::super::…
        while matches!(tokens.get(j), Some(Token::Ident(w)) if w == "super")
            && tokens.get(j + 1) == Some(&Token::PathSep)
        {
            base = parent(&base);
            j += 2;
        }
        let (paths, end) = path_tree(&tokens, j);
        for path in paths {
            let mut full = base.clone();
            full.extend(path);
            out.push(full);
        }
        i = end.max(i + 1);
    }
    out
}

fn parent(module: &[String]) -> Vec<String> {
    module[..module.len().saturating_sub(1)].to_vec()
}

fn is_module(path: &[String]) -> bool {
    let mut file = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for part in path {
        file.push(part);
    }
    file.join("mod.rs").is_file() || file.with_extension("rs").is_file()
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// Arrows between top-level modules, and between the children of each one,
/// each with one place that draws it.
struct Graph {
    top: BTreeMap<(String, String), String>,
    inner: BTreeMap<String, BTreeMap<(String, String), String>>,
}

fn graph() -> Graph {
    let mut graph = Graph {
        top: BTreeMap::new(),
        inner: BTreeMap::new(),
    };
    for source in sources() {
        let from = &source.module;
        let place = source
            .file
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(&source.file)
            .display()
            .to_string();
        for to in references(&source) {
            let Some(first) = to.first() else { continue };
            if !is_module(&to[..1]) {
                continue; // an item of the crate root, or an extern path
            }
            if first != &from[0] {
                graph
                    .top
                    .entry((from[0].clone(), first.clone()))
                    .or_insert_with(|| place.clone());
                continue;
            }
            // Inside one top-level module: child to sibling child.
            if from.len() >= 2 && to.len() >= 2 && from[1] != to[1] && is_module(&to[..2]) {
                graph
                    .inner
                    .entry(from[0].clone())
                    .or_default()
                    .entry((from[1].clone(), to[1].clone()))
                    .or_insert_with(|| place.clone());
            }
        }
    }
    graph
}

fn print_graph(graph: &Graph) {
    println!("module graph (top level), bottom layer first:");
    for (number, layer) in LAYERS.iter().enumerate() {
        for module in *layer {
            let uses: Vec<&str> = graph
                .top
                .keys()
                .filter(|(from, _)| from == module)
                .map(|(_, to)| to.as_str())
                .collect();
            println!("  {number} {module:<8} -> {}", uses.join(", "));
        }
    }
    for (parent, edges) in &graph.inner {
        let mut by_child: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (from, to) in edges.keys() {
            by_child.entry(from).or_default().push(to);
        }
        println!("inside {parent}:");
        for (child, uses) in by_child {
            println!("    {parent}::{child} -> {}", uses.join(", "));
        }
    }
}

#[test]
fn every_top_level_module_has_a_layer() {
    let unplaced: BTreeSet<String> = sources()
        .into_iter()
        .map(|source| source.module[0].clone())
        .filter(|module| layer_of(module).is_none())
        .collect();
    assert!(
        unplaced.is_empty(),
        "put these modules in a layer of LAYERS in tests/architecture.rs (and README \"Design\"): {unplaced:?}"
    );
}

#[test]
fn arrows_between_top_level_modules_point_down() {
    let graph = graph();
    print_graph(&graph);
    let upward: Vec<String> = graph
        .top
        .iter()
        .filter(|((from, to), _)| match (layer_of(from), layer_of(to)) {
            (Some(from), Some(to)) => from <= to,
            _ => true,
        })
        .map(|((from, to), place)| format!("{from} -> {to} (in {place})"))
        .collect();
    assert!(
        upward.is_empty(),
        "these arrows point up or sideways in the layers (README \"Design\"):\n  {}",
        upward.join("\n  ")
    );
}

/// The cycles among one module's children, each as the list of its modules.
fn cycles(edges: &BTreeMap<(String, String), String>) -> Vec<Vec<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, to) in edges.keys() {
        next.entry(from).or_default().push(to);
    }
    // A node is on a cycle with every node it reaches that reaches it back.
    let reach = |start: &str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![start];
        while let Some(node) = stack.pop() {
            for &to in next.get(node).into_iter().flatten() {
                if seen.insert(to) {
                    stack.push(to);
                }
            }
        }
        seen
    };
    let mut found: BTreeSet<Vec<String>> = BTreeSet::new();
    for &node in next.keys() {
        let from_node = reach(node);
        if !from_node.contains(node) {
            continue;
        }
        let mut component: Vec<String> = from_node
            .iter()
            .filter(|other| reach(other).contains(node))
            .map(|other| other.to_string())
            .collect();
        component.sort();
        found.insert(component);
    }
    found.into_iter().collect()
}

#[test]
fn no_cycles_inside_a_module() {
    let graph = graph();
    let mut unexpected = Vec::new();
    let mut known_seen = BTreeSet::new();
    for (parent, edges) in &graph.inner {
        for cycle in cycles(edges) {
            let known = KNOWN_CYCLES.iter().position(|(p, a, b)| {
                p == parent
                    && cycle.len() == 2
                    && cycle.contains(&a.to_string())
                    && cycle.contains(&b.to_string())
            });
            match known {
                Some(index) => {
                    known_seen.insert(index);
                }
                None => {
                    let arrows: Vec<String> = edges
                        .iter()
                        .filter(|((from, to), _)| cycle.contains(from) && cycle.contains(to))
                        .map(|((from, to), place)| {
                            format!("{parent}::{from} -> {parent}::{to} (in {place})")
                        })
                        .collect();
                    unexpected.push(arrows.join("\n  "));
                }
            }
        }
    }
    assert!(
        unexpected.is_empty(),
        "modules that import each other (move what both need into the lower one):\n  {}",
        unexpected.join("\n\n  ")
    );
    let gone: Vec<String> = KNOWN_CYCLES
        .iter()
        .enumerate()
        .filter(|(index, _)| !known_seen.contains(index))
        .map(|(_, (p, a, b))| format!("{p}::{a} <-> {p}::{b}"))
        .collect();
    assert!(
        gone.is_empty(),
        "no longer a cycle, delete it from KNOWN_CYCLES: {gone:?}"
    );
}

#[test]
fn only_the_terminal_side_names_ratatui() {
    let offenders: Vec<String> = sources()
        .into_iter()
        .filter(|source| !TERMINAL_SIDE.contains(&source.module[0].as_str()))
        .filter(|source| {
            tokens(&source.code)
                .iter()
                .any(|token| matches!(token, Token::Ident(word) if word == "ratatui" || word == "crossterm"))
        })
        .map(|source| {
            let file = &source.file;
            let relative = file.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(file);
            relative.display().to_string()
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "only {TERMINAL_SIDE:?} may use ratatui or crossterm; these files do: {offenders:?}"
    );
}

/// The reader itself: a path in a comment or a string is no arrow; grouped,
/// nested and relative paths are.
#[test]
fn the_reader_finds_the_paths_that_are_code() {
    let source = Source {
        file: PathBuf::from("src/note/facts/moments.rs"),
        module: vec!["note".into(), "facts".into(), "moments".into()],
        code: code_only(
            "// use crate::tui::Nope;\n\
             /// [`crate::cli`]\n\
             let s = \"crate::theme::Nope\"; let c = '\"';\n\
             use crate::{model::{Event, taxonomy::Skill}, metrics};\n\
             use super::super::display::Names;\n\
             fn f<'a>(x: &'a str) { crate::store::load(x) }\n\
             use self::inner::X;",
        ),
    };
    let found: Vec<String> = references(&source)
        .iter()
        .map(|path| path.join("::"))
        .collect();
    assert_eq!(
        found,
        [
            "model::Event",
            "model::taxonomy::Skill",
            "metrics",
            "note::display::Names",
            "store::load",
            "note::facts::moments::inner::X",
        ]
    );
}

/// README "Design" shows the layers and what each module uses; both must be
/// the graph the code draws, so the picture cannot drift from the code.
#[test]
fn the_readme_shows_this_graph() {
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .unwrap_or_default();
    let graph = graph();
    let Some(section) = readme.split("**The module graph.**").nth(1) else {
        panic!("README.md has no \"**The module graph.**\" paragraph in its Design section");
    };

    // The picture: one line per layer, top first, `6  main`.
    let picture: Vec<(usize, Vec<String>)> = section
        .split("```")
        .nth(1)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| {
            let (number, rest) = line.split_once("  ")?;
            let number: usize = number.trim().parse().ok()?;
            let modules = rest
                .split_whitespace()
                .take_while(|word| LAYERS.iter().any(|layer| layer.contains(word)))
                .map(str::to_string)
                .collect();
            Some((number, modules))
        })
        .collect();
    let expected_picture: Vec<(usize, Vec<String>)> = LAYERS
        .iter()
        .enumerate()
        .rev()
        .map(|(number, layer)| (number, layer.iter().map(|m| m.to_string()).collect()))
        .collect();
    assert_eq!(
        picture, expected_picture,
        "README's layer picture differs from LAYERS in tests/architecture.rs"
    );

    // The table: | layer | modules | uses |
    let mut rows: BTreeMap<String, (usize, BTreeSet<String>)> = BTreeMap::new();
    for line in section
        .lines()
        .skip_while(|line| !line.starts_with("| layer |"))
        .skip(2)
    {
        if !line.starts_with('|') {
            break;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let names = |cell: &str| -> Vec<String> {
            cell.split(',')
                .map(|name| name.trim().trim_matches('`').to_string())
                .filter(|name| !name.is_empty() && name != "—")
                .collect()
        };
        let [number, modules, uses] = cells[..] else {
            panic!("README module table row without three cells: {line}");
        };
        let number: usize = number.parse().unwrap_or(usize::MAX);
        for module in names(modules) {
            rows.insert(module, (number, names(uses).into_iter().collect()));
        }
    }
    let mut wrong = Vec::new();
    for (number, layer) in LAYERS.iter().enumerate() {
        for module in *layer {
            let uses: BTreeSet<String> = graph
                .top
                .keys()
                .filter(|(from, _)| from == module)
                .map(|(_, to)| to.clone())
                .collect();
            match rows.get(*module) {
                Some((shown, shown_uses)) if *shown == number && *shown_uses == uses => {}
                _ => {
                    let uses: Vec<String> = uses.iter().map(|to| format!("`{to}`")).collect();
                    let uses = if uses.is_empty() {
                        "—".to_string()
                    } else {
                        uses.join(", ")
                    };
                    wrong.push(format!("| {number} | `{module}` | {uses} |"));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "README's module table differs from the code; these rows are what the code draws:\n{}",
        wrong.join("\n")
    );
}

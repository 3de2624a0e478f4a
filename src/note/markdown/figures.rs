//! The participation section: narrative, table per person, turn-taking
//! matrix, evenness, per segment and per category.

use super::{Md, bullets, escape_md, table};
use crate::note::facts::ParticipationFacts;
use crate::note::wording::participation::{
    CATEGORIES_NOTE, CATEGORY_COLUMNS, MATRIX_NOTE, NO_MATRIX, SEGMENT_COLUMNS, SPEAKER_COLUMNS,
    category_rows, figures, matrix_rows, segment_rows, speaker_rows,
};

/// The body's participation paragraph: one or two sentences.
pub fn summary(facts: &ParticipationFacts) -> String {
    format!("## Participation\n\n{}", escape_md(&facts.summary))
}

/// The figures, in the appendix.
pub fn participation(facts: &ParticipationFacts) -> String {
    let mut blocks = vec![
        "### Participation figures".to_string(),
        escape_md(&facts.narrative),
    ];
    blocks.push(table(&SPEAKER_COLUMNS, &speaker_rows::<Md>(facts)));
    blocks.push(bullets(&figures::<Md>(facts)));
    blocks.push(matrix(facts));
    if !facts.segments.is_empty() {
        blocks.push(format!(
            "#### By agenda segment\n\n{}",
            table(&SEGMENT_COLUMNS, &segment_rows::<Md>(facts))
        ));
    }
    if !facts.categories.is_empty() {
        blocks.push(format!(
            "#### By self-described category\n\n{CATEGORIES_NOTE}\n\n{}",
            table(&CATEGORY_COLUMNS, &category_rows::<Md>(facts))
        ));
    }
    blocks.join("\n\n")
}

fn matrix(facts: &ParticipationFacts) -> String {
    let people = &facts.matrix.people;
    if people.is_empty() {
        return format!("#### Who spoke after whom\n\n{NO_MATRIX}");
    }
    let names: Vec<String> = people.iter().map(|name| escape_md(name)).collect();
    let mut headers: Vec<(&str, bool)> = vec![("Speaker ↓ then →", false)];
    headers.extend(names.iter().map(|name| (name.as_str(), true)));
    headers.push(("Total", true));
    format!(
        "#### Who spoke after whom\n\n{MATRIX_NOTE}\n\n{}",
        table(&headers, &matrix_rows::<Md>(facts))
    )
}

//! Group process: norms, conflicts, mutual aid, interventions, notes.

use super::{Md, bullets, nested};
use crate::note::facts::NoteFacts;
use crate::note::wording::process::{NONE_LOGGED, topics};

pub fn group_process(facts: &NoteFacts) -> String {
    let mut blocks = vec!["## Group process".to_string()];
    blocks.extend(topics::<Md>(facts).iter().map(|topic| {
        let body = if topic.items.is_empty() {
            NONE_LOGGED.to_string()
        } else if topic.prose {
            topic
                .items
                .iter()
                .map(nested)
                .collect::<Vec<_>>()
                .join("\n\n")
        } else {
            bullets(&topic.items.iter().map(nested).collect::<Vec<_>>())
        };
        format!("### {}\n\n{body}", topic.title)
    }));
    blocks.join("\n\n")
}

//! The plan for the next session: what the facilitator logged as plan, then
//! what the record suggests — a conflict not resolved, members who were quiet,
//! a norm challenged or broken, a risk to follow up.
//!
//! Each item is worded twice: for the group section, naming members, and for
//! a member's own entry, naming no one else.

use super::context::{Context, Logged};
use super::moments::ConflictThread;
use super::narrative::{list, number};
use super::participation::QuietIds;
use super::risk::RiskThread;
use super::scrub::Scrubber;
use crate::model::taxonomy::{Choice, ConflictStatus, ConflictType, NormAction, RiskLevel};
use crate::model::{MemberId, MomentKind, Timestamp};
use crate::note::display::hour_minute;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanSource {
    /// Logged by the facilitator as a plan for the next session.
    Facilitator,
    UnresolvedConflict,
    QuietMembers,
    Norm,
    Risk,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanItem {
    pub source: PlanSource,
    pub text: String,
    /// Who the item is about; empty for the whole group.
    pub members: Vec<String>,
    /// When the moment it comes from was logged.
    pub at: Option<Timestamp>,
}

enum Item {
    Facilitator {
        at: Timestamp,
        members: Vec<MemberId>,
        text: Option<String>,
    },
    Conflict {
        kind: ConflictType,
        status: ConflictStatus,
        first: Timestamp,
        members: Vec<MemberId>,
    },
    Quiet {
        members: Vec<MemberId>,
        silent: bool,
    },
    Norm {
        action: NormAction,
        norm: String,
        at: Timestamp,
        members: Vec<MemberId>,
    },
    Risk {
        level: RiskLevel,
        at: Timestamp,
        member: MemberId,
    },
}

pub struct PlanThreads {
    items: Vec<Item>,
}

impl PlanThreads {
    pub fn gather(
        ctx: &Context<'_>,
        conflicts: &[ConflictThread<'_>],
        risks: &[RiskThread<'_>],
        quiet: &QuietIds,
    ) -> PlanThreads {
        let mut items: Vec<Item> = ctx
            .moments
            .iter()
            .filter(|logged| logged.moment.what == MomentKind::Plan)
            .map(|logged| Item::Facilitator {
                at: logged.at,
                members: logged.moment.members.clone(),
                text: logged.moment.text.clone(),
            })
            .collect();
        items.extend(
            conflicts
                .iter()
                .filter(|conflict| conflict.carried_into_plan())
                .filter_map(|conflict| {
                    Some(Item::Conflict {
                        kind: conflict.kind,
                        status: conflict.status(),
                        first: conflict.first_logged()?,
                        members: conflict.members.clone(),
                    })
                }),
        );
        for (members, silent) in [(&quiet.silent, true), (&quiet.little, false)] {
            if !members.is_empty() {
                items.push(Item::Quiet {
                    members: members.clone(),
                    silent,
                });
            }
        }
        items.extend(norms_to_review(&ctx.moments));
        items.extend(risks.iter().filter_map(|risk| {
            Some(Item::Risk {
                level: risk.level,
                at: risk.logged.at,
                member: risk.member.clone()?,
            })
        }));
        PlanThreads { items }
    }

    pub fn group_items(&self, ctx: &Context<'_>) -> Vec<PlanItem> {
        self.items.iter().map(|item| item.for_group(ctx)).collect()
    }

    /// The items about one member, worded for their own record.
    pub fn member_items(
        &self,
        ctx: &Context<'_>,
        member: &MemberId,
        scrubber: &Scrubber,
    ) -> Vec<String> {
        self.items
            .iter()
            .filter_map(|item| item.for_member(ctx, member, scrubber))
            .collect()
    }
}

/// One item per norm challenged or broken, at its latest such moment.
fn norms_to_review(moments: &[Logged<'_>]) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    for logged in moments {
        let MomentKind::Norm { action, norm } = &logged.moment.what else {
            continue;
        };
        if !matches!(action, NormAction::Challenged | NormAction::Broken) {
            continue;
        }
        let norm = norm.trim().to_string();
        let item = Item::Norm {
            action: *action,
            norm: norm.clone(),
            at: logged.at,
            members: logged.moment.members.clone(),
        };
        match items
            .iter_mut()
            .find(|existing| matches!(existing, Item::Norm { norm: same, .. } if *same == norm))
        {
            Some(existing) => *existing = item,
            None => items.push(item),
        }
    }
    items
}

impl Item {
    fn for_group(&self, ctx: &Context<'_>) -> PlanItem {
        let names = |ids: &[MemberId]| ctx.member_names(ids);
        match self {
            Item::Facilitator { at, members, text } => PlanItem {
                source: PlanSource::Facilitator,
                text: facilitator_words(ctx, text.as_deref()),
                members: names(members),
                at: Some(*at),
            },
            Item::Conflict {
                kind,
                status,
                first,
                members,
            } => {
                let named = names(members);
                let involving = if named.is_empty() {
                    String::new()
                } else {
                    let refs: Vec<&str> = named.iter().map(String::as_str).collect();
                    format!(" involving {}", list(&refs))
                };
                PlanItem {
                    source: PlanSource::UnresolvedConflict,
                    text: return_to(*kind, &involving, *first, *status),
                    members: named,
                    at: Some(*first),
                }
            }
            Item::Quiet { members, silent } => {
                let named = names(members);
                let refs: Vec<&str> = named.iter().map(String::as_str).collect();
                PlanItem {
                    source: PlanSource::QuietMembers,
                    text: format!(
                        "Make room early for {}, who {}.",
                        list(&refs),
                        if *silent {
                            "did not speak"
                        } else {
                            "spoke little"
                        }
                    ),
                    members: named,
                    at: None,
                }
            }
            Item::Norm {
                action,
                norm,
                at,
                members,
            } => PlanItem {
                source: PlanSource::Norm,
                text: norm_text(ctx.text(Some(norm)), *action, *at),
                members: names(members),
                at: Some(*at),
            },
            Item::Risk { level, at, member } => PlanItem {
                source: PlanSource::Risk,
                text: format!(
                    "Follow up the risk concerning {} ({}, logged at {}).",
                    ctx.names.member(member),
                    level.label(),
                    hour_minute(*at)
                ),
                members: names(std::slice::from_ref(member)),
                at: Some(*at),
            },
        }
    }

    fn for_member(
        &self,
        ctx: &Context<'_>,
        member: &MemberId,
        scrubber: &Scrubber,
    ) -> Option<String> {
        match self {
            Item::Facilitator { members, text, .. } => {
                facilitator_item_for(ctx, members, text.as_deref(), member, scrubber)
            }
            Item::Conflict {
                kind,
                status,
                first,
                members,
            } => {
                if !members.contains(member) {
                    return None;
                }
                let others = members.iter().filter(|id| *id != member).count();
                let with = if others == 0 {
                    String::new()
                } else {
                    format!(" with {}", others_phrase(others))
                };
                Some(return_to(*kind, &with, *first, *status))
            }
            Item::Quiet { members, silent } => members.contains(member).then(|| {
                format!(
                    "Make room early in the next session: {} in this one.",
                    if *silent {
                        "did not speak"
                    } else {
                        "spoke little"
                    }
                )
            }),
            Item::Norm {
                action,
                norm,
                at,
                members,
            } => members.contains(member).then(|| {
                scrubber.scrub(&format!(
                    "{} This member was involved.",
                    norm_text(ctx.text(Some(norm)), *action, *at)
                ))
            }),
            Item::Risk {
                level,
                at,
                member: about,
            } => (about == member).then(|| {
                format!(
                    "Follow up the risk logged at {} ({}).",
                    hour_minute(*at),
                    level.label()
                )
            }),
        }
    }
}

/// What of a facilitator's plan item goes into one member's entry: the parts
/// of its words that name this member and no other; else, for the item's
/// subject (its first member) its words when they name no other member;
/// else, for another member of it, that an item shared with others was
/// logged, without its words.
fn facilitator_item_for(
    ctx: &Context<'_>,
    members: &[MemberId],
    text: Option<&str>,
    member: &MemberId,
    scrubber: &Scrubber,
) -> Option<String> {
    let words = ctx.text(text);
    let names_other = |part: &str| scrubber.scrub(part) != part;
    if let Some(words) = &words {
        // Parts: sentences and clauses, not the dot of an initial ("Cara R.").
        let about: Vec<&str> = words
            .split(['!', '?', ';', '\n'])
            .flat_map(sentences)
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .filter(|part| ctx.mentions(member, part) && !names_other(part))
            .collect();
        if !about.is_empty() {
            return Some(about.join("; "));
        }
    }
    if !members.contains(member) {
        return None;
    }
    let subject = members.first() == Some(member);
    match words {
        Some(words) if subject && !names_other(&words) => Some(words),
        None if subject => Some(facilitator_words(ctx, None)),
        _ => {
            let others = members.iter().filter(|id| *id != member).count();
            Some(if others == 0 {
                "A plan item about this member was logged; its words name another member and \
                 are in the group note."
                    .to_string()
            } else {
                format!(
                    "A plan item about this member and {} was logged; its words are in the \
                     group note.",
                    others_phrase(others)
                )
            })
        }
    }
}

/// The sentences of a text: a full stop ends one when a word of two or more
/// letters comes before it, so that an initial ("Cara R.") does not.
fn sentences(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (index, _) in text.match_indices(". ") {
        let word = text[start..index]
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or_default();
        if word.chars().count() >= 2 {
            parts.push(&text[start..=index]);
            start = index + 2;
        }
    }
    parts.push(&text[start..]);
    parts
}

/// The facilitator's own plan item; a blank one still says it was logged.
fn facilitator_words(ctx: &Context<'_>, text: Option<&str>) -> String {
    ctx.text(text)
        .unwrap_or_else(|| "(no words were logged)".into())
}

/// `Return to the task conflict{who} (first logged 18:20; unresolved).`:
/// `who` names the members for the group and counts them in an entry.
fn return_to(kind: ConflictType, who: &str, first: Timestamp, status: ConflictStatus) -> String {
    format!(
        "Return to the {}{who} (first logged {}; {}).",
        conflict_phrase(kind),
        hour_minute(first),
        status_phrase(status)
    )
}

fn norm_text(norm: Option<String>, action: NormAction, at: Timestamp) -> String {
    match norm {
        Some(norm) => format!(
            "Review the norm \"{norm}\" with the group ({} at {}).",
            action.label(),
            hour_minute(at)
        ),
        None => format!(
            "Review with the group the norm that was {} at {}.",
            action.label(),
            hour_minute(at)
        ),
    }
}

fn conflict_phrase(kind: ConflictType) -> &'static str {
    match kind {
        ConflictType::Task => "task conflict",
        ConflictType::Relationship => "relationship conflict",
        ConflictType::Process => "process conflict",
        ConflictType::Authority => "authority conflict with the worker",
        ConflictType::Scapegoating => "scapegoating",
    }
}

/// Where a conflict stands when it was not resolved.
fn status_phrase(status: ConflictStatus) -> &'static str {
    match status {
        ConflictStatus::Emerged => "not yet addressed",
        ConflictStatus::Addressed => "addressed but not resolved",
        ConflictStatus::Unresolved => "unresolved",
        ConflictStatus::Resolved => "resolved",
    }
}

/// "another member", "two other members": how a member's own entry refers
/// to the others.
pub fn others_phrase(count: usize) -> String {
    if count == 1 {
        "another member".into()
    } else {
        format!("{} other members", number(count))
    }
}

//! The supervisor's queue: what is waiting on someone across one or more
//! stores — notes awaiting a signature, notes returned for revision, risks
//! whose follow-up is open. Read-only: it opens files for reading and never
//! writes, locks or creates anything.
//!
//! **The rules.** Only ended sessions are in the queue (a session is signed
//! once it has ended). For each ended session, one note item, the first that
//! applies:
//! - the supervisor's latest return for revision comes after the
//!   facilitator's latest sign-off (or there is none): *returned for revision*;
//! - the facilitator has not signed: *awaiting the facilitator's signature*;
//! - else whoever has not signed since the facilitator's latest sign-off: the
//!   co-facilitator (when the session names one) and the supervisor.
//!
//! And one item per risk moment as the record now stands (retracted ones
//! drop out, amended ones read as amended, late ones count): a risk with a
//! follow-up due date is listed with it, *overdue* when the date is before
//! today; a risk with no action and no follow-up recorded is listed as
//! *no action recorded*. A risk with actions but no due date is not listed:
//! there is no "follow-up done" event, so a due date is what keeps it open.

use super::listing::scan_folder;
pub use super::listing::{NoteWait, RiskWait, Waiting};
use super::{GROUP_FILE, GroupEntry, SessionSummary, StoreError, load_group};
use crate::model::{Author, Group, MemberId, NameStyle, Timestamp};
use chrono::NaiveDate;
use std::path::PathBuf;

/// What one item of the queue waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Awaited {
    /// The roles whose signature is awaited, in signing order.
    Signature(Vec<Author>),
    /// The supervisor returned the note, with this comment.
    Returned { comment: String },
    /// A risk's follow-up, with the member's name as shown, its owner and due date.
    FollowUp {
        member: String,
        owner: Option<String>,
        due: NaiveDate,
        overdue: bool,
    },
    /// A risk with no action and no follow-up recorded.
    NoAction { member: String },
}

/// One line of the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueItem {
    /// When the session started.
    pub started: Timestamp,
    /// The group's folder name.
    pub group: String,
    pub number: u32,
    pub path: PathBuf,
    pub awaited: Awaited,
}

impl QueueItem {
    pub fn is_note(&self) -> bool {
        matches!(
            self.awaited,
            Awaited::Signature(_) | Awaited::Returned { .. }
        )
    }

    pub fn is_overdue(&self) -> bool {
        matches!(self.awaited, Awaited::FollowUp { overdue: true, .. })
    }

    /// What is awaited, in words.
    pub fn what(&self) -> String {
        match &self.awaited {
            Awaited::Signature(roles) => {
                let named: Vec<String> = roles
                    .iter()
                    .map(|role| match role {
                        Author::Supervisor if roles.len() == 1 => {
                            "the supervisor's co-signature".to_string()
                        }
                        role => format!("the {}'s", role.label()),
                    })
                    .collect();
                match named.as_slice() {
                    [one] if one.ends_with("'s") => format!("awaiting {one} signature"),
                    [one] => format!("awaiting {one}"),
                    many => format!("awaiting {} signatures", many.join(" and ")),
                }
            }
            Awaited::Returned { comment } => format!("returned for revision: {comment}"),
            Awaited::FollowUp {
                member,
                owner,
                due,
                overdue,
            } => {
                let overdue = if *overdue { " (overdue)" } else { "" };
                let owner = owner.as_deref().unwrap_or("owner not recorded");
                format!("risk ({member}): follow-up due {due}{overdue} — {owner}")
            }
            Awaited::NoAction { member } => format!("risk ({member}): no action recorded"),
        }
    }

    /// The command that opens the session.
    pub fn command(&self) -> String {
        format!("groupscribe review {}", self.path.display())
    }
}

/// The queue of every store, oldest session first (then in the order found).
/// A store that cannot be listed is an error; a session that cannot be read
/// is returned among the problems, and the rest are still listed. Reads each
/// group's listing index where it is fresh, and never writes it.
pub fn queue(
    stores: &[PathBuf],
    names: NameStyle,
    today: NaiveDate,
) -> Result<(Vec<QueueItem>, Vec<StoreError>), StoreError> {
    let mut items = Vec::new();
    let mut problems = Vec::new();
    for root in stores {
        let listing = std::fs::read_dir(root).map_err(StoreError::io(root, "list"))?;
        let mut folders: Vec<PathBuf> = listing.flatten().map(|entry| entry.path()).collect();
        folders.sort();
        for folder in folders {
            if !folder.join(GROUP_FILE).is_file() {
                continue;
            }
            let current = load_group(&folder.join(GROUP_FILE)).ok();
            let scan = scan_folder(&folder, current.as_ref(), false);
            items.extend(items_of(&scan.sessions, current.as_ref(), names, today));
            problems.extend(scan.problems);
        }
    }
    items.sort_by_key(|item| item.started);
    Ok((items, problems))
}

/// The queue of sessions already listed (the home screen's groups), oldest first.
pub fn queue_of(entries: &[GroupEntry], names: NameStyle, today: NaiveDate) -> Vec<QueueItem> {
    let mut items = Vec::new();
    for entry in entries {
        items.extend(items_of(
            &entry.sessions,
            entry.group.as_ref().ok(),
            names,
            today,
        ));
    }
    items.sort_by_key(|item| item.started);
    items
}

/// The items of one group's sessions, in file order.
fn items_of(
    sessions: &[SessionSummary],
    current: Option<&Group>,
    names: NameStyle,
    today: NaiveDate,
) -> Vec<QueueItem> {
    let mut sessions: Vec<&SessionSummary> = sessions.iter().collect();
    sessions.sort_by(|a, b| a.path.cmp(&b.path));
    let mut items = Vec::new();
    for session in sessions {
        let header = &session.header;
        if !session.ended || header.observer.is_some() {
            continue;
        }
        let item = |awaited| QueueItem {
            started: header.started,
            group: header.group.clone(),
            number: header.number,
            path: session.path.clone(),
            awaited,
        };
        if let Some(note) = &session.waiting.note {
            items.push(item(match note {
                NoteWait::Signature(roles) => Awaited::Signature(roles.clone()),
                NoteWait::Returned { comment } => Awaited::Returned {
                    comment: comment.clone(),
                },
            }));
        }
        let group = header.snapshot.as_ref().or(current);
        let name = |id: Option<&MemberId>| match id {
            Some(id) => group
                .and_then(|group| group.member(id))
                .map_or_else(|| id.0.clone(), |member| member.display(names)),
            None => "member not recorded".to_string(),
        };
        for risk in &session.waiting.risks {
            let member = name(risk.member.as_ref());
            items.push(item(match risk.due {
                Some(due) => Awaited::FollowUp {
                    member,
                    owner: risk.owner.clone(),
                    due,
                    overdue: due < today,
                },
                None => Awaited::NoAction { member },
            }));
        }
    }
    items
}

/// The queue in one line for the home screen, or `None` when it is empty.
pub fn summary_line(items: &[QueueItem]) -> Option<String> {
    let signatures = (items.iter())
        .filter(|item| matches!(item.awaited, Awaited::Signature(_)))
        .count();
    let returned = (items.iter())
        .filter(|item| matches!(item.awaited, Awaited::Returned { .. }))
        .count();
    let overdue = items.iter().filter(|item| item.is_overdue()).count();
    let open = (items.iter())
        .filter(|item| matches!(item.awaited, Awaited::FollowUp { overdue: false, .. }))
        .count();
    let no_action = (items.iter())
        .filter(|item| matches!(item.awaited, Awaited::NoAction { .. }))
        .count();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = Vec::new();
    if signatures > 0 {
        parts.push(plural(
            signatures,
            "note awaits a signature",
            "notes await a signature",
        ));
    }
    if returned > 0 {
        parts.push(plural(
            returned,
            "note returned for revision",
            "notes returned for revision",
        ));
    }
    if overdue > 0 {
        parts.push(plural(
            overdue,
            "risk follow-up overdue",
            "risk follow-ups overdue",
        ));
    }
    if open > 0 {
        parts.push(plural(open, "risk follow-up open", "risk follow-ups open"));
    }
    if no_action > 0 {
        parts.push(plural(
            no_action,
            "risk without action",
            "risks without action",
        ));
    }
    (!parts.is_empty()).then(|| format!("queue: {} — groupscribe queue", parts.join(" · ")))
}

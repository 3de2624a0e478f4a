//! The closing step's keys, the same on the live panel (after `q`) and in
//! review (the step resumed): skip all, later, or a member's page saved.
//! What a saved page or the end of the step writes is the screen's own.

use super::Ctx;
use crate::model::{ClosingStep, EventKind, MemberId};
use crate::tui::form::{Form, FormOutcome};
use crate::tui::keymap::{Command, Context};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// What a key did to the closing step.
pub enum ClosingKey {
    /// Still on this member's page.
    Stay,
    /// The step ends here, this way.
    Finish(ClosingStep),
    /// This member's page was saved: its events, then the next member.
    Saved(Vec<EventKind>),
}

/// One key on the page of a closing step with `left` members still to walk.
pub fn closing_key(
    form: &mut Form,
    left: u32,
    roster: &[MemberId],
    key: &KeyEvent,
    ctx: &mut Ctx,
) -> ClosingKey {
    let typing = form.focused().types() && matches!(key.code, KeyCode::Char(_));
    if !typing {
        match ctx.keymap.command(Context::Closing, key) {
            Some(Command::SkipAll) => return ClosingKey::Finish(ClosingStep::Skipped),
            Some(Command::EndLater) => return ClosingKey::Finish(ClosingStep::Later { left }),
            _ => {}
        }
    }
    match form.handle(key, &|position| roster.get(position).cloned()) {
        FormOutcome::Open => ClosingKey::Stay,
        FormOutcome::Unused(_) => {
            ctx.say(format!(
                "A digit chooses on the row; Enter saves this member; {} skips the rest; {} later.",
                ctx.keymap.key(Command::SkipAll),
                ctx.keymap.key(Command::EndLater)
            ));
            ClosingKey::Stay
        }
        FormOutcome::Left => ClosingKey::Finish(ClosingStep::Later { left }),
        FormOutcome::Done(events) => ClosingKey::Saved(events),
    }
}

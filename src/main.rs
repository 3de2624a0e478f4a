#![forbid(unsafe_code)]

use clap::Parser;
use std::io::Write as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    survive_file_size_limit();
    let cli = groupscribe::cli::Cli::parse();
    match groupscribe::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // A stop by a signal exits as shells report one (128 + its number).
            let code = error
                .downcast_ref::<groupscribe::tui::Stopped>()
                .map_or(1, groupscribe::tui::Stopped::exit_code);
            // Never panics: after a hang-up standard error may be gone.
            // User text an error quotes (a name, a line of the file) is shown, never obeyed.
            let message = format!("groupscribe: {error}");
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                groupscribe::diag::printable(&message)
            );
            ExitCode::from(code)
        }
    }
}

/// A file-size limit (`ulimit -f`) must fail the write with EFBIG, which the app
/// reports as NOT SAVED, instead of killing it with SIGXFSZ: any handler replaces
/// the default action.
fn survive_file_size_limit() {
    let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    if let Err(error) = signal_hook::flag::register(signal_hook::consts::SIGXFSZ, flag) {
        let _ = writeln!(
            std::io::stderr(),
            "groupscribe: warning: could not catch SIGXFSZ ({error}); a file-size limit would stop the program"
        );
    }
}

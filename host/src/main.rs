use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use ispchat_host::clock::SystemClock;
use ispchat_host::config::{Cli, Command, Config, PluginCommand};
use ispchat_host::{app, graphql, plugins, telemetry};

/// glibc's allocator keeps freed memory per thread arena: each password hash (argon2id, 19 MiB)
/// on another blocking thread left its arena that much larger, and a server that had signed in
/// fifty agents sat at ~700 MiB idle. mimalloc gives large freed blocks back to the system
/// (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    // Settings may come from a `.env` file in the working directory (see `.env.example`);
    // variables already set in the environment win.
    if let Err(err) = dotenvy::dotenv()
        && !err.not_found()
    {
        eprintln!("ispchat: invalid setting .env: {err}");
        return ExitCode::from(2);
    }
    let cli = Cli::parse();
    match cli.command {
        Command::Schema => {
            print!("{}", graphql::sdl());
            ExitCode::SUCCESS
        }
        Command::Plugin(PluginCommand::Check { path }) => {
            let report = plugins::check::check(&path);
            for line in &report.passed {
                println!("ok: {line}");
            }
            for problem in &report.problems {
                eprintln!("error: {problem}");
            }
            if report.is_ok() {
                println!("{}: ready to install", path.display());
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Command::Serve(args) => {
            let config = match Config::load(*args, cli.config.as_deref()) {
                Ok(config) => config,
                Err(err) => {
                    eprintln!("ispchat: {err}");
                    return ExitCode::from(2);
                }
            };
            telemetry::init_tracing(config.log_format);
            let server = match app::start(config, Arc::new(SystemClock)).await {
                Ok(server) => server,
                Err(err) => {
                    tracing::error!("cannot start: {err:#}");
                    return ExitCode::FAILURE;
                }
            };
            shutdown_signal().await;
            tracing::info!("shutting down");
            match server.shutdown().await {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    tracing::error!("unclean shutdown: {err:#}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = interrupt => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(_) => {
                let _ = interrupt.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}

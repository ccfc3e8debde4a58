//! A run stopped by a signal stops the servers it started: an interrupted benchmark must not
//! leave processes behind to skew the next run's figures.

// A failing test should just fail (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Waits up to 30 s for `done`, polling.
fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Running and not a zombie (a killed child waits for its parent, or init, to reap it).
fn alive(pid: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let state = stat.rsplit_once(')')?.1.split_whitespace().next()?;
            Some(state != "Z" && state != "X")
        })
        .unwrap_or(false)
}

#[test]
fn a_signal_stops_the_servers_the_run_started() {
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("server.pid");
    // Stands in for `ispchat serve`: records its pid and never becomes ready, so the run is
    // still waiting for it when the signal comes.
    let server = dir.path().join("fake-server.sh");
    std::fs::write(
        &server,
        format!(
            "#!/bin/sh\necho $$ > {}\nexec sleep 300\n",
            pid_file.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&server, std::fs::Permissions::from_mode(0o755)).unwrap();

    let bench = Command::new(env!("CARGO_BIN_EXE_ispchat-bench"))
        .args(["run", "--smoke", "--scenarios", "message-path", "--server"])
        .arg(&server)
        .arg("--out")
        .arg(dir.path().join("results"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_until("the run started its server", || {
        std::fs::read_to_string(&pid_file).is_ok_and(|pid| !pid.trim().is_empty())
    });
    let server_pid = std::fs::read_to_string(&pid_file).unwrap();
    let server_pid = server_pid.trim();
    assert!(alive(server_pid), "the fake server should be running");

    let killed = Command::new("kill")
        .args(["-TERM", &bench.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let output = bench.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("stopped by SIGTERM"), "stderr: {stderr}");
    wait_until("the server is stopped", || !alive(server_pid));
}

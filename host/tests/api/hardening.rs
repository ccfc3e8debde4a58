//! Hostile clients: each test sends what an attacker would (a fragment bomb, slow headers, a
//! flood of idle connections, password guessing from many places, input no person types) and
//! checks that the server answers in bounded time, stores nothing it should not, and keeps
//! serving everyone else. Loopback only.

mod browser;
mod connections;
mod documents;
mod input;
mod sign_in;

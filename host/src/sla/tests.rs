use chrono::{DateTime, Duration, TimeZone, Utc};

use super::*;

fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0)
        .single()
        .unwrap_or_default()
        + Duration::minutes(minutes)
}

/// First response in 30 min, next response in 15, resolved in 8 h.
fn policy() -> SlaPolicy {
    SlaPolicy {
        priority: Priority::Normal,
        first_response_seconds: Some(30 * 60),
        next_response_seconds: Some(15 * 60),
        resolution_seconds: Some(8 * 3600),
        updated_at: at(0),
    }
}

/// Created at minute 0 by a customer message, no reply yet.
fn waiting(status: ConversationStatus) -> Conversation {
    Conversation {
        status,
        queued_at: Some(at(0)),
        unread_count: 1,
        waiting_since: Some(at(0)),
        last_seq: 1,
        ..Conversation::example(at(0))
    }
}

fn standing(c: &Conversation, now: i64) -> Standing {
    evaluate(c, &policy(), at(now)).unwrap_or_else(|| panic!("no standing for {c:?}"))
}

#[test]
fn a_new_conversation_counts_down_to_its_first_response() {
    let s = standing(&waiting(ConversationStatus::Queued), 10);
    assert_eq!(s.state, State::OnTrack);
    let next = s.next.unwrap_or_else(|| panic!("no running clock"));
    assert_eq!(next.target, Target::FirstResponse);
    assert_eq!(next.due_at, at(30));
    assert_eq!(next.at_risk_at, at(22) + Duration::seconds(30));
}

#[test]
fn the_last_quarter_of_a_target_is_at_risk_and_past_it_is_breached() {
    let c = waiting(ConversationStatus::Queued);
    assert_eq!(standing(&c, 22).state, State::OnTrack);
    assert_eq!(standing(&c, 23).state, State::AtRisk);
    assert_eq!(standing(&c, 31).state, State::Breached);
}

#[test]
fn a_late_first_response_stays_breached_after_it_is_given() {
    let mut c = waiting(ConversationStatus::Open);
    c.first_response_at = Some(at(40));
    c.waiting_since = None;
    let s = standing(&c, 41);
    assert_eq!(s.state, State::Breached);
    let first = s.clocks.iter().find(|k| k.target == Target::FirstResponse);
    assert!(first.is_some_and(|k| !k.running && k.breached));
    // The resolution clock is now the one counting.
    assert_eq!(s.next.map(|k| k.target), Some(Target::Resolution));
}

#[test]
fn a_customer_writing_again_starts_the_next_response_clock() {
    let mut c = waiting(ConversationStatus::Open);
    c.first_response_at = Some(at(5));
    c.waiting_since = Some(at(60));
    let s = standing(&c, 61);
    assert_eq!(s.state, State::OnTrack);
    let next = s.next.unwrap_or_else(|| panic!("no running clock"));
    assert_eq!((next.target, next.due_at), (Target::NextResponse, at(75)));
    assert_eq!(standing(&c, 76).state, State::Breached);
}

#[test]
fn clocks_stop_while_the_customer_or_a_bot_has_the_turn() {
    for status in [ConversationStatus::Pending, ConversationStatus::Snoozed] {
        let s = standing(&waiting(status), 10);
        let first = s.clocks.iter().find(|k| k.target == Target::FirstResponse);
        assert!(first.is_some_and(|k| !k.running), "{status:?}");
        // Resolution keeps counting: the issue is still open.
        assert_eq!(s.next.map(|k| k.target), Some(Target::Resolution));
    }
    let bot = standing(&waiting(ConversationStatus::Bot), 10);
    assert!(bot.clocks.iter().all(|k| !k.running));
    assert_eq!(bot.next, None);
}

#[test]
fn resolving_in_time_meets_the_resolution_target() {
    let mut c = waiting(ConversationStatus::Resolved);
    c.first_response_at = Some(at(5));
    c.waiting_since = None;
    c.resolved_at = Some(at(120));
    let s = standing(&c, 600);
    assert_eq!(s.state, State::OnTrack);
    assert!(s.clocks.iter().all(|k| !k.running && !k.breached));
    c.resolved_at = Some(at(9 * 60));
    assert_eq!(standing(&c, 600).state, State::Breached);
}

#[test]
fn a_policy_without_targets_gives_no_standing() {
    let empty = SlaPolicy {
        first_response_seconds: None,
        next_response_seconds: None,
        resolution_seconds: None,
        ..policy()
    };
    assert_eq!(
        evaluate(&waiting(ConversationStatus::Queued), &empty, at(5)),
        None
    );
}

#[test]
fn targets_are_whole_positive_minutes_up_to_thirty_days() {
    assert_eq!(seconds("f", Some(15)).ok(), Some(Some(900)));
    assert_eq!(seconds("f", None).ok(), Some(None));
    for bad in [0, -5, 43_201] {
        match seconds("input.firstResponseMinutes", Some(bad)) {
            Err(Error::InvalidInput { field, .. }) => {
                assert_eq!(field, "input.firstResponseMinutes")
            }
            other => panic!("{bad}: {other:?}"),
        }
    }
}

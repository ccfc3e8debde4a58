//! How a customer feels, as classifier plugins say it (the WIT's five levels), and the trend of a
//! conversation that reports and escalation rules read.

use chrono::{DateTime, Utc};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, async_graphql::Enum)]
pub enum Sentiment {
    VeryNegative,
    Negative,
    Neutral,
    Positive,
    VeryPositive,
}
crate::text_enum!(Sentiment {
    VeryNegative => "very-negative",
    Negative => "negative",
    Neutral => "neutral",
    Positive => "positive",
    VeryPositive => "very-positive",
});

impl Sentiment {
    /// −2 (very negative) to 2 (very positive), for averages.
    pub fn score(self) -> i32 {
        match self {
            Sentiment::VeryNegative => -2,
            Sentiment::Negative => -1,
            Sentiment::Neutral => 0,
            Sentiment::Positive => 1,
            Sentiment::VeryPositive => 2,
        }
    }
}

/// One incoming message's sentiment.
#[derive(Debug, Clone, PartialEq)]
pub struct SentimentPoint {
    pub message_id: Uuid,
    pub at: DateTime<Utc>,
    pub sentiment: Sentiment,
}

/// The last `last` messages' sentiments, oldest first, from stored classifications (newest
/// first, several per message when several classifiers ran). Where classifiers disagree the
/// more negative one counts: a trend read for escalation errs on the side of the customer.
/// Levels a classifier made up are skipped.
pub fn trend(stored: &[(Uuid, DateTime<Utc>, String)], last: usize) -> Vec<SentimentPoint> {
    let mut points: Vec<SentimentPoint> = Vec::new();
    for (message_id, at, text) in stored {
        let Ok(sentiment) = text.parse::<Sentiment>() else {
            continue;
        };
        if let Some(point) = points.iter_mut().find(|p| p.message_id == *message_id) {
            point.sentiment = point.sentiment.min(sentiment);
        } else if points.len() < last {
            points.push(SentimentPoint {
                message_id: *message_id,
                at: *at,
                sentiment,
            });
        }
    }
    points.reverse();
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: Uuid, minute: i64, sentiment: &str) -> (Uuid, DateTime<Utc>, String) {
        let at = DateTime::<Utc>::UNIX_EPOCH + chrono::Duration::minutes(minute);
        (id, at, sentiment.to_owned())
    }

    #[test]
    fn the_last_messages_oldest_first_the_more_negative_reading_winning() {
        let (a, b, c) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let stored = [
            row(c, 3, "positive"),
            row(c, 3, "very-negative"),
            row(b, 2, "neutral"),
            row(b, 2, "mood-unknown"),
            row(a, 1, "negative"),
        ];
        let points = trend(&stored, 2);
        let read: Vec<_> = points.iter().map(|p| (p.message_id, p.sentiment)).collect();
        assert_eq!(
            read,
            [(b, Sentiment::Neutral), (c, Sentiment::VeryNegative)]
        );
        assert_eq!(trend(&stored, 10).len(), 3);
        assert!(trend(&[], 10).is_empty());
    }

    #[test]
    fn scores_run_from_minus_two_to_two_in_order() {
        let levels = [
            Sentiment::VeryNegative,
            Sentiment::Negative,
            Sentiment::Neutral,
            Sentiment::Positive,
            Sentiment::VeryPositive,
        ];
        let scores: Vec<i32> = levels.iter().map(|s| s.score()).collect();
        assert_eq!(scores, [-2, -1, 0, 1, 2]);
        assert!(levels.windows(2).all(|w| w[0] < w[1]));
    }
}

//! The digest as an e-mail: a Japanese plain-text body (UTF-8) and the person's next 90 days as an
//! iCalendar attachment, built with lettre's message builder, which encodes the subject and the
//! display names as RFC 2047 words and the body as quoted-printable or base64 as needed.

use chrono::{DateTime, Utc};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::Message;

use super::plan::{Digest, DigestItem, ItemKind};
use super::smtp::parse_mailbox;
use crate::error::{CoreError, Result};

/// The digest's subject: who, how many reminders and overdue items, which day.
pub(crate) fn subject(d: &Digest) -> String {
    let overdue = d.overdue.len() + d.office_overdue.len();
    let mut parts = Vec::new();
    if !d.reminders.is_empty() {
        parts.push(format!("期限通知 {}件", d.reminders.len()));
    }
    if overdue > 0 {
        parts.push(format!("期限徒過 {overdue}件"));
    }
    format!(
        "【知財期限】{} 様 {}（{}）",
        d.person,
        parts.join("・"),
        d.day.format("%Y-%m-%d")
    )
}

fn item_lines(out: &mut String, i: &DigestItem, with_responsible: bool) {
    let when = match i.kind {
        ItemKind::Reminder if i.days_left == 0 => "本日が期限".to_owned(),
        ItemKind::Reminder => format!("あと{}日", i.days_left),
        ItemKind::Overdue => format!("{}日超過", -i.days_left),
    };
    let subject = match (&i.subject, &i.office) {
        (Some(s), Some(o)) => format!("{s}（{o}）"),
        (Some(s), None) => s.clone(),
        _ => "—".to_owned(),
    };
    out.push_str(&format!(
        "・{}（{when}） {} — {subject}\n",
        i.due.format("%Y-%m-%d"),
        i.title
    ));
    let mut rule = format!("    手続: {}", i.code);
    if let Some(b) = &i.basis {
        rule.push_str(&format!("　根拠: {b}"));
    }
    if with_responsible {
        rule.push_str(&format!(
            "　担当: {}",
            i.responsible.as_deref().unwrap_or("未割当")
        ));
    }
    out.push_str(&rule);
    out.push('\n');
    if !i.explanation.is_empty() {
        out.push_str(&format!("    説明: {}\n", i.explanation));
    }
}

/// The digest's plain-text body.
pub(crate) fn body(d: &Digest, institution: &str) -> String {
    let mut out = format!(
        "{} 様\n\n{} 知的財産本部の期限管理（Chizai）からのお知らせです（{}）。\n",
        d.person,
        institution,
        d.day.format("%Y-%m-%d")
    );
    if !d.reminders.is_empty() {
        out.push_str(&format!(
            "\n■ 通知時期に達した期限（{}件）\n",
            d.reminders.len()
        ));
        for i in &d.reminders {
            item_lines(&mut out, i, false);
        }
    }
    if !d.overdue.is_empty() {
        out.push_str(&format!(
            "\n■ 期限を過ぎた未了の期限（{}件）\n",
            d.overdue.len()
        ));
        for i in &d.overdue {
            item_lines(&mut out, i, false);
        }
    }
    if !d.office_overdue.is_empty() {
        out.push_str(&format!(
            "\n■ 本部全体の期限徒過（知財マネージャー宛て、{}件）\n",
            d.office_overdue.len()
        ));
        for i in &d.office_overdue {
            item_lines(&mut out, i, true);
        }
    }
    out.push_str(&format!(
        "\n添付の予定表（chizai-deadlines.ics）に、今後90日間の担当期限 {}件を収めています。\n\
         手続を終えた期限は Chizai で「完了」または「不要」にしてください。以後の通知は止まります。\n\
         このメールは Chizai が自動で送信しています。\n",
        d.calendar_events
    ));
    out
}

fn sender(from: &str, from_name: Option<&str>) -> Result<Mailbox> {
    let address = parse_mailbox(from, "from_address")?;
    Ok(Mailbox::new(
        Some(from_name.unwrap_or("知的財産本部 Chizai").to_owned()),
        address,
    ))
}

fn message_id(from: &str, tag: &str, now: DateTime<Utc>) -> String {
    let domain = from.rsplit('@').next().unwrap_or("chizai.invalid");
    format!(
        "<chizai.{tag}.{}@{domain}>",
        now.timestamp_nanos_opt().unwrap_or_default()
    )
}

fn built(e: lettre::error::Error) -> CoreError {
    CoreError::invalid("message", format!("the e-mail could not be built: {e}"))
}

/// The e-mail of digest `d` from `from`, with its Message-ID (stamped `now`, never the clock).
pub fn message_for(
    d: &Digest,
    from: &str,
    from_name: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(Message, String)> {
    let Some(to) = d.recipient.as_deref() else {
        return Err(CoreError::invalid(
            "person.email",
            format!(
                "{} (person {}) has no e-mail address: add one to the person's record",
                d.person, d.person_id
            ),
        ));
    };
    let to = Mailbox::new(Some(d.person.clone()), parse_mailbox(to, "person.email")?);
    let id = message_id(from, &format!("{}.p{}", d.day, d.person_id), now);
    let calendar = ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")
        .map_err(|e| CoreError::invalid("message", e.to_string()))?;
    let message = Message::builder()
        .from(sender(from, from_name)?)
        .to(to)
        .subject(d.subject.clone())
        .message_id(Some(id.clone()))
        .date(now.into())
        .multipart(
            MultiPart::mixed()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(d.body.clone()),
                )
                .singlepart(
                    Attachment::new("chizai-deadlines.ics".to_owned())
                        .body(d.ics.clone(), calendar),
                ),
        )
        .map_err(built)?;
    Ok((message, id))
}

/// A short test message to `to` (the settings screen's and `chizai remind --test-to`'s).
pub fn test_message(
    from: &str,
    from_name: Option<&str>,
    to: &str,
    now: DateTime<Utc>,
) -> Result<(Message, String)> {
    let id = message_id(from, "test", now);
    let message = Message::builder()
        .from(sender(from, from_name)?)
        .to(Mailbox::new(None, parse_mailbox(to, "to")?))
        .subject("【知財期限】Chizai テストメール")
        .message_id(Some(id.clone()))
        .date(now.into())
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_PLAIN)
                .body(format!(
                    "Chizai の期限通知メールの設定を確認するテストメールです（{}）。\n\
                     このメールが届いていれば、送信の設定は正しく動いています。\n\
                     This is a test message from Chizai's e-mail reminders.\n",
                    now.format("%Y-%m-%d %H:%M UTC")
                )),
        )
        .map_err(built)?;
    Ok((message, id))
}

-- Security e-mails: written in the transaction of the action they report (a rolled-back action
-- sends nothing), delivered later by a dispatcher on any node. payload holds the few non-secret
-- facts the message shows (never a token); last_error a short reason, never a secret.
--   status 'pending': waiting for next_attempt_at (while a dispatcher sends it, its lease end)
--   status 'sent':    delivered to the mail server (or, without one, to the log)
--   status 'failed':  given up: no address, or too many failed attempts
CREATE TABLE email_outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id         uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind            text        NOT NULL,
    payload         jsonb       NOT NULL DEFAULT '{}',
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    sent_at         timestamptz,
    last_error      text,
    CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
-- dispatchers claim due pending rows; retention deletes finished rows by age; a deleted user's
-- rows go with them
CREATE INDEX email_outbox_due_idx ON email_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX email_outbox_finished_idx ON email_outbox (created_at) WHERE status <> 'pending';
CREATE INDEX email_outbox_user_id_idx ON email_outbox (user_id);

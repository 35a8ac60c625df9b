-- The applications (clients of Nexus as an OpenID Provider) each session has signed in to: written
-- whenever the provider issues an authorization for a session, read when the session ends (to send
-- each application with a back-channel logout URI its logout token) and by the sessions list.
-- client_id is not a foreign key: clients defined in the settings have no row anywhere. The rows go
-- with their session, which the session clean-up deletes after its retention.
CREATE TABLE session_applications (
    session_id         uuid        NOT NULL REFERENCES user_sessions (id) ON DELETE CASCADE,
    client_id          text        NOT NULL,
    first_signed_in_at timestamptz NOT NULL,
    last_signed_in_at  timestamptz NOT NULL,
    PRIMARY KEY (session_id, client_id)
);

-- The outbox carries back-channel logouts as well as security e-mails now (kind
-- 'backchannel_logout', delivered by its own handler); its columns already fit both.
COMMENT ON TABLE email_outbox IS
    'The outbox of deliveries written with the action they report: security e-mails and back-channel logouts, by kind';

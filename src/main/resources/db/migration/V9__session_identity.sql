-- The identity a session was signed in with, so that unlinking that identity ends its sessions.
-- No foreign key: the column records how the session began, and keeps saying so after the
-- identity is gone (an ended session stays on record until clean-up). NULL for sessions started
-- before this column existed; unlinking treats those by their provider (see SessionService).
-- A user's live sessions are found through user_sessions_user_id_live_idx: a user has few, so
-- no index of its own.
ALTER TABLE user_sessions ADD COLUMN identity_id uuid;

-- Groups a user belongs to (e.g. admins): forward-auth rules require them, and Remote-Groups
-- carries them to the platform's tools.
CREATE TABLE user_groups (
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    group_name text        NOT NULL CHECK (group_name ~ '^[a-z0-9][a-z0-9_.-]{0,62}$'),
    added_at   timestamptz NOT NULL,
    PRIMARY KEY (user_id, group_name)
);

-- +goose Up
-- conversation_threads: one conversation per thing people share: a
-- gathering, a practice, a city, or a theme of a listening campaign. kind
-- names which; ref_id is the gathering's, practice's, city's or campaign's
-- id; topic is '' except for themes, where it is the theme's label in a
-- normalized form (kindred.ThemeTopic). A thread is stored with its first
-- post; a locked thread takes posts only from its moderators.
CREATE TABLE conversation_threads (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('gathering', 'practice', 'city', 'theme')),
    ref_id      INTEGER NOT NULL,
    topic       TEXT NOT NULL DEFAULT '',
    title       TEXT NOT NULL DEFAULT '',
    locked      INTEGER NOT NULL DEFAULT 0,
    locked_by   INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    locked_at   DATETIME,
    created_at  DATETIME NOT NULL,
    UNIQUE (kind, ref_id, topic)
);

-- conversation_posts: what people wrote, in Markdown. The author is the
-- member profile (shown through its visibility) and the account that
-- wrote it (either may be missing: demo history has no accounts, an
-- administrator may have no profile). via says where it was written
-- (web, api, email); message_id is the email's Message-ID, so a reply a
-- mail server delivers twice is posted once. A deleted post keeps its place
-- and loses its text and history; a hidden one stays readable only to its
-- author and the moderators.
CREATE TABLE conversation_posts (
    id                 INTEGER PRIMARY KEY,
    thread_id          INTEGER NOT NULL REFERENCES conversation_threads (id) ON DELETE CASCADE,
    author_account_id  INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    author_member_id   INTEGER REFERENCES members (id) ON DELETE SET NULL,
    body               TEXT NOT NULL,
    via                TEXT NOT NULL DEFAULT 'web',
    message_id         TEXT,
    created_at         DATETIME NOT NULL,
    edited_at          DATETIME,
    deleted_at         DATETIME,
    hidden_at          DATETIME,
    hidden_by          INTEGER REFERENCES accounts (id) ON DELETE SET NULL
);
CREATE INDEX conversation_posts_thread ON conversation_posts (thread_id, id);
CREATE UNIQUE INDEX conversation_posts_message ON conversation_posts (thread_id, message_id);
CREATE INDEX conversation_posts_member ON conversation_posts (author_member_id);

-- conversation_post_versions: the earlier texts of edited posts, each with
-- when it was written; shown as the post's history.
CREATE TABLE conversation_post_versions (
    id          INTEGER PRIMARY KEY,
    post_id     INTEGER NOT NULL REFERENCES conversation_posts (id) ON DELETE CASCADE,
    body        TEXT NOT NULL,
    written_at  DATETIME NOT NULL
);
CREATE INDEX conversation_post_versions_post ON conversation_post_versions (post_id, id);

-- conversation_mentions: the members a post names with @, so an edit
-- notifies only the newly named.
CREATE TABLE conversation_mentions (
    post_id    INTEGER NOT NULL REFERENCES conversation_posts (id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    PRIMARY KEY (post_id, member_id)
);

-- conversation_follows: who hears of new posts in a thread. Posting
-- follows; following = 0 records "stop following", which also overrides
-- the guests and hosts a gathering's conversation follows by default.
CREATE TABLE conversation_follows (
    thread_id   INTEGER NOT NULL REFERENCES conversation_threads (id) ON DELETE CASCADE,
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    following   INTEGER NOT NULL,
    updated_at  DATETIME NOT NULL,
    PRIMARY KEY (thread_id, account_id)
);
CREATE INDEX conversation_follows_account ON conversation_follows (account_id);

-- conversation_campaigns: whether a campaign's organizers let members
-- read and join the conversations on its themes (absent: they do not).
CREATE TABLE conversation_campaigns (
    campaign_id  INTEGER PRIMARY KEY REFERENCES campaigns (id) ON DELETE CASCADE,
    members_join INTEGER NOT NULL DEFAULT 0,
    updated_at   DATETIME NOT NULL
);

-- notification_settings: how each account hears of each kind of news
-- (kindred.NotifyKind): each post, a daily digest, or not at all. Absent
-- rows take the defaults.
CREATE TABLE notification_settings (
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    mode        TEXT NOT NULL CHECK (mode IN ('each', 'digest', 'off')),
    updated_at  DATETIME NOT NULL,
    PRIMARY KEY (account_id, kind)
);

-- notification_digest_items: posts waiting for an account's daily digest;
-- notification_digests: when each account's last digest went out.
CREATE TABLE notification_digest_items (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    post_id     INTEGER NOT NULL REFERENCES conversation_posts (id) ON DELETE CASCADE,
    reason      TEXT NOT NULL,
    created_at  DATETIME NOT NULL,
    UNIQUE (account_id, post_id)
);
CREATE TABLE notification_digests (
    account_id  INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    sent_at     DATETIME NOT NULL
);

-- Notification mail carries a signed reply address (when Kindred takes
-- mail) and a one-click unsubscribe link (RFC 8058).
ALTER TABLE mail_messages ADD COLUMN reply_to TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_messages ADD COLUMN list_unsubscribe TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE mail_messages DROP COLUMN list_unsubscribe;
ALTER TABLE mail_messages DROP COLUMN reply_to;
DROP TABLE notification_digests;
DROP TABLE notification_digest_items;
DROP TABLE notification_settings;
DROP TABLE conversation_campaigns;
DROP TABLE conversation_follows;
DROP TABLE conversation_mentions;
DROP TABLE conversation_post_versions;
DROP TABLE conversation_posts;
DROP TABLE conversation_threads;

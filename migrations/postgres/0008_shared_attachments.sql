-- Attachment contents on the office server: every desk must open the signed agreement another
-- desk attached, so the bytes live in the database, not in one desk's folder. One row per
-- content (SHA-256 of the bytes), however many attachment rows name it; rows are only added
-- (an attachment is never replaced: a changed file is a new content). A desk's SQLite file keeps
-- files instead (migrations/0008_shared_attachments.sql); `chizai copy` moves them across.
CREATE TABLE attachment_content (
    sha256      TEXT COLLATE "C" PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    bytes       BYTEA NOT NULL
);

-- +goose Up
-- Back to the tellers (Most Significant Change's feedback step). A teller
-- who left an email may ask to hear when the campaign's report is published
-- (notify_report), in the language they read the form in (mail_lang);
-- report_mailed_at records that the one mail was queued, so publishing again
-- never mails them twice. report_published_at is when an organizer made the
-- "What we heard" report a public page (NULL: not published).
ALTER TABLE stories ADD COLUMN notify_report BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE stories ADD COLUMN mail_lang TEXT NOT NULL DEFAULT '';
ALTER TABLE stories ADD COLUMN report_mailed_at DATETIME;
ALTER TABLE campaigns ADD COLUMN report_published_at DATETIME;

-- +goose Down
ALTER TABLE campaigns DROP COLUMN report_published_at;
ALTER TABLE stories DROP COLUMN report_mailed_at;
ALTER TABLE stories DROP COLUMN mail_lang;
ALTER TABLE stories DROP COLUMN notify_report;

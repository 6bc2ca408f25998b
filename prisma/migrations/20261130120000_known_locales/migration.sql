-- A person's language decides every email they get: only the portal's three languages may be
-- stored (English, Traditional Chinese, Simplified Chinese), whatever path writes the row.
-- Rows from before (any unknown value) fall back to English, as the code already read them.
UPDATE "User" SET "locale" = 'en' WHERE "locale" NOT IN ('en', 'zh-Hant', 'zh-Hans');
ALTER TABLE "User" ADD CONSTRAINT "User_locale_known" CHECK ("locale" IN ('en', 'zh-Hant', 'zh-Hans'));

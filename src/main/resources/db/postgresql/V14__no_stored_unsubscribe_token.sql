-- Unsubscribe links carry an HMAC over the address and the list (UnsubscribeTokens): nothing stored is read.
-- The random token a sync gave each new row, and its unique index, only cost every insert.
ALTER TABLE subscriber DROP CONSTRAINT subscriber_token_uk;
ALTER TABLE subscriber DROP COLUMN unsubscribe_token;

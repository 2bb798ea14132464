-- A weekly reader's weekday (monday ... sunday); null for a daily reader.
ALTER TABLE subscriber ADD COLUMN weekday VARCHAR(9);

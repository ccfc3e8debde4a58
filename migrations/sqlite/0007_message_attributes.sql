-- What a message carries besides its text and files: a location, an interactive prompt or the
-- customer's pick from one, a template, shared contact cards, a reaction, the provider's type when
-- it is unsupported, the message it replies to. A JSON object (`ContentAttributes` in
-- host/src/conversations/content.rs); NULL for plain text.
ALTER TABLE messages ADD COLUMN content_attributes TEXT;

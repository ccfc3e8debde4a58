-- Message contents are data, not English sentences: why a reply failed is a reason clients
-- translate, and what a location, reaction, template or unsupported message is lives in
-- content_attributes alone (clients say it in the reader's language).
ALTER TABLE messages ADD COLUMN delivery_failure TEXT;

UPDATE messages SET delivery_failure = 'other' WHERE delivery_state = 'failed';

-- The placeholders stored before: `[location: …]`, `[reaction: 👍]`, `[unsupported …]`,
-- `[empty message]`, `[template: …]` and the agents' `Template name (lang): parameters`.
UPDATE messages SET content = ''
WHERE content_attributes IS NOT NULL
  AND (content LIKE '[location:%' OR content LIKE '[reaction%' OR content LIKE '[unsupported %'
       OR content LIKE '[template:%');
UPDATE messages SET content = '', content_attributes = '{"unsupportedType":"empty"}'
WHERE content = '[empty message]';
UPDATE messages SET content = CASE WHEN instr(content, '): ') > 0
                                   THEN substr(content, instr(content, '): ') + 3) ELSE '' END
WHERE direction = 'outgoing' AND content LIKE 'Template %' AND content_attributes LIKE '%"template"%';
UPDATE messages SET content = replace(replace(content, '[contact: ', ''), ']', '')
WHERE content LIKE '[contact: %' AND content_attributes LIKE '%"contacts"%';

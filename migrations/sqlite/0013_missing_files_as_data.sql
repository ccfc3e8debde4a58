-- A customer's file the server could not keep was stored as the text
-- `[file not received: why]`, then its caption: it becomes the `missingFile` attribute (the
-- reason clients translate, the English account as `detail`), and the text keeps the caption.
UPDATE messages SET
  content_attributes = json_set(coalesce(content_attributes, '{}'), '$.missingFile',
    json_object('reason', CASE WHEN content LIKE '[file not received: the upload was lost%'
                               THEN 'lost' ELSE 'unavailable' END,
                'detail', substr(content, 21, instr(content, ']') - 21))),
  content = CASE WHEN instr(content, char(10)) > 0
                 THEN substr(content, instr(content, char(10)) + 1) ELSE '' END
WHERE content LIKE '[file not received: %]%';

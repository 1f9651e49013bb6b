-- A loaded file's stamp, as stat gave it just before its bytes were read: device, inode, size, modification and
-- status-change times in nanoseconds ("dev:ino:size:mtimeNs:ctimeNs"). A later run finding the same stamp at the same
-- path knows the file is untouched and does not read it again (the weekly re-run of a 10,000-supplier drop folder:
-- 16,000 files, 264 MB, about 3 s of reading and hashing); any write, or any change of its times, moves ctime, which
-- no user can set back, and a replaced file has a new inode. Null for files loaded before this was recorded: they
-- are read and hashed as before, and stamped then.
alter table source_files add column file_stamp varchar;
comment on column source_files.file_stamp is 'dev:ino:size:mtimeNs:ctimeNs from stat just before the bytes were read; the same stamp at the same path means the file is untouched and is not read again.';

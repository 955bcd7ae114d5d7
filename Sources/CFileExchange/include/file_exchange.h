#ifndef HYBRIDSIM_FILE_EXCHANGE_H
#define HYBRIDSIM_FILE_EXCHANGE_H

/// Atomically swaps the names `a` and `b` (two folders in one file system): Linux
/// renameat2(RENAME_EXCHANGE). Returns 0, or -1 with errno set (EINVAL or ENOSYS where the
/// file system or kernel cannot exchange).
int hybridsim_exchange(const char *a, const char *b);

#endif

"""What every area runs on: transactions and the lock order, the scheduler and its job table, the notifications
outbox, keyset pages, health."""

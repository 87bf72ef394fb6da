//! [`Policy::assess_batch`]: a batch scored a column at a time.

use crate::batch::{Batch, BatchError};
use crate::engine::{Assessment, Entry, Policy};
use crate::values::Timestamp;

/// Leads scored together: their codes and sums stay in the first-level cache.
const STRETCH: usize = 256;

impl Policy {
    /// Scores every lead of `batch` at `now` into `out`, in order, replacing what `out`
    /// held: exactly what [`Policy::assess`] gives on each lead.
    ///
    /// The batch is read a column at a time, a stretch of leads at once: each column turns
    /// its values into codes, and each lead adds its code's table entry, with no branch on
    /// the data. Nothing is allocated per lead; `out` grows only when it has not the room,
    /// so a caller that keeps it allocates nothing at all.
    ///
    /// # Errors
    /// [`BatchError::OtherPolicy`] when the batch was built for a policy that reads other
    /// fields or lists other values; `out` is then left as it was.
    pub fn assess_batch(
        &self,
        batch: &Batch<'_>,
        now: Timestamp,
        out: &mut Vec<Assessment>,
    ) -> Result<(), BatchError> {
        let compiled = self.compiled();
        let plan = &compiled.plan;
        if !batch.plan.reads_as(plan) {
            return Err(BatchError::other_policy(&batch.plan, plan));
        }
        out.clear();
        out.reserve(batch.len);
        // What the fields without a column earn: each is missing for every lead.
        let mut missing = Entry::default();
        for (coder, column) in plan.slots.iter().zip(&batch.columns) {
            if column.is_none() {
                missing.add(plan.entry(coder.missing()));
            }
        }
        // Without signals, every lead's engagement is that of no signal.
        let quiet = batch
            .signals
            .is_empty()
            .then(|| compiled.engagement(&[], now, &mut ()));
        let mut sums = [Entry::default(); STRETCH];
        let mut buffer = [0_u32; STRETCH];
        let mut start = 0;
        while start < batch.len {
            let n = STRETCH.min(batch.len - start);
            let sums = &mut sums[..n];
            sums.fill(missing);
            for (coder, column) in plan.slots.iter().zip(&batch.columns) {
                let Some(column) = column else { continue };
                let codes = match column.coded(start, start + n) {
                    Some(codes) => codes,
                    None => {
                        column.encode(coder, start, &mut buffer[..n]);
                        &buffer[..n]
                    }
                };
                for (sum, &code) in sums.iter_mut().zip(codes) {
                    sum.add(plan.entry(code));
                }
            }
            if let Some(quiet) = quiet {
                out.extend(
                    sums.iter()
                        .map(|sum| compiled.assessment(compiled.fit_of(sum, &mut ()), quiet)),
                );
            } else {
                for (i, sum) in sums.iter().enumerate() {
                    let engagement = batch.signals.engagement(start + i, compiled, now);
                    out.push(compiled.assessment(compiled.fit_of(sum, &mut ()), engagement));
                }
            }
            start += n;
        }
        Ok(())
    }
}

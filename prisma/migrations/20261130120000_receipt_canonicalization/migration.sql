-- Receipts name the canonical form their signature covers (RFC 8785). Versions sealed before keep NULL: their receipts never carried the field
ALTER TABLE "ProposalVersion" ADD COLUMN "receiptCanonicalization" TEXT;

import type { PaymentProvider } from "../payments/provider";
import type { BookingDeps } from "./deps";

export interface PaymentDeps extends BookingDeps {
  provider: PaymentProvider;
}

import type { BookingDeps } from "../bookings/deps";
import type { PaymentProvider } from "./provider";

export interface PaymentDeps extends BookingDeps {
  provider: PaymentProvider;
}

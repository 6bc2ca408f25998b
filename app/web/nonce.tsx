import { createContext, useContext } from "react";

const NonceContext = createContext("");

/** Carries the CSP nonce from entry.server to the scripts the root renders. */
export const NonceProvider = NonceContext.Provider;

export const useNonce = () => useContext(NonceContext);

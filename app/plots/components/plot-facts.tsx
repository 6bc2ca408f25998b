import { useTranslation } from "react-i18next";
import { Code } from "~/platform/ui/code.tsx";

/** Area in square metres, grouped the reader's way, the figure never parted from its unit. */
export function useSquareMetres() {
  const { t, i18n } = useTranslation();
  return (value: number) => <Code>{t("plot.squareMetres", { value: value.toLocaleString(i18n.language) })}</Code>;
}

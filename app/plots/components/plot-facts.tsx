import { useTranslation } from "react-i18next";

/** Area in square metres, grouped the reader's way. */
export function useSquareMetres() {
  const { t, i18n } = useTranslation();
  return (value: number) => t("plot.squareMetres", { value: value.toLocaleString(i18n.language) });
}

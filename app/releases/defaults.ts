/** File kinds a required document may accept; each is recognised by its content when uploaded. */
export const FILE_KINDS = ["pdf", "xlsx", "docx", "png", "jpeg", "zip"] as const;

/** The park's usual evaluation criteria (weights add up to 100): the builder starts from them. */
export const standardCriteria = [
  { nameEn: "Development scheme and design", nameZhHant: "發展方案及設計", envelope: "technical", weight: 25, maxScore: 10 },
  { nameEn: "Innovation and technology programme", nameZhHant: "創新科技計劃", envelope: "technical", weight: 25, maxScore: 10 },
  { nameEn: "Track record and management", nameZhHant: "過往紀錄及管理", envelope: "technical", weight: 15, maxScore: 10 },
  { nameEn: "Jobs and talent plan", nameZhHant: "就業及人才計劃", envelope: "technical", weight: 10, maxScore: 10 },
  { nameEn: "Land premium offered", nameZhHant: "所出地價", envelope: "financial", weight: 25, maxScore: 10 },
] as const;

/** The documents the park usually asks for. */
export const standardRequiredDocuments = [
  { nameEn: "Development scheme", nameZhHant: "發展方案", envelope: "technical", acceptedTypes: ["pdf"], maxSizeMb: 50, mandatory: true },
  { nameEn: "Programme and track record", nameZhHant: "計劃及過往紀錄", envelope: "technical", acceptedTypes: ["pdf"], maxSizeMb: 20, mandatory: true },
  { nameEn: "Master layout plan drawings", nameZhHant: "總綱發展藍圖", envelope: "technical", acceptedTypes: ["pdf", "zip"], maxSizeMb: 100, mandatory: false },
  { nameEn: "Financial proposal and premium offer", nameZhHant: "財務建議及地價出價", envelope: "financial", acceptedTypes: ["pdf", "xlsx"], maxSizeMb: 20, mandatory: true },
] as const;


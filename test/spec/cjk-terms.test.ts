import { describe, expect, it } from "vitest";
import { inferSkills, matchCapabilities } from "../../src/spec/capabilities.ts";
import { CJK_TERMS, glossCjk } from "../../src/spec/cjk-terms.ts";

const topics = (text: string) => matchCapabilities(text).map((c) => c.topic);

describe("Chinese and Japanese descriptions", () => {
  it("find the capabilities their terms name, each term alone and each gloss", () => {
    for (const [topic, gloss, terms] of CJK_TERMS) {
      expect(topics(gloss), gloss).toContain(topic);
      for (const term of terms.split(" ")) expect(topics(`${term}。`), term).toContain(topic);
    }
  });

  it("find what realistic gaps ask for, and nothing else", () => {
    const gaps: [string, string[]][] = [
      [
        "顧客からの問い合わせを分類して、返信の下書きを作成するチームが必要です。",
        ["support triage", "reply drafting"],
      ],
      [
        "Kubernetesクラスターのコストを監視し、支出の異常があればアラートを出してほしい。",
        ["kubernetes", "cost", "monitoring", "anomaly detection"],
      ],
      [
        "プルリクエストのコードレビューを行い、セキュリティ上の脆弱性を指摘するチームが欲しい。",
        ["code review", "security"],
      ],
      ["毎週の指標からダッシュボードとグラフを自動で作りたい。", ["data visualization"]],
      [
        "障害が起きたらオンコール担当に知らせて、ポストモーテムを書いてほしい。",
        ["incident response", "documentation"],
      ],
      [
        "我们需要一个团队来监控集群成本并在支出异常时发出警报",
        ["monitoring", "kubernetes", "cost", "anomaly detection"],
      ],
      [
        "自动化客户支持的分诊，并用西班牙语草拟回复",
        ["automation", "support triage", "spanish", "reply drafting"],
      ],
      ["为我们的数据库编写文档，并检查查询语句的性能", ["database", "documentation"]],
      ["招聘工程师：筛选候选人并安排面试", ["recruiting"]],
    ];
    for (const [text, expected] of gaps) expect(topics(text).sort(), text).toEqual(expected.sort());
    expect(inferSkills(gaps[0]?.[0] ?? "")).toEqual(["customer support", "reply drafting"]);
  });

  it("leave text without Chinese or Japanese as it is, and set glosses apart by spaces", () => {
    const english = "Kubernetes cost monitoring for our clusters";
    expect(glossCjk(english)).toBe(english);
    expect(glossCjk("単体テストとテスト")).toBe(" unit tests と tests ");
  });
});
